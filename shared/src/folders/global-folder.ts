/** The folder every console has, where data sources go unless another is chosen. Without zod: the health dashboard reads it. */
export const GLOBAL_FOLDER_NAME = 'global';
