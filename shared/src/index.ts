export * from './http/api-error.schema';
export * from './auth/auth.schema';
export * from './names';
export * from './folders/folder.schema';
export * from './datasources/datasource.schema';
export * from './datasources/connection-test.schema';
export * from './datasources/salesforce';
export * from './swagger/read-api-description';
