import { useMutation } from '@tanstack/react-query';
import type { ApiDescriptionProblem, ApiDescriptionSummary } from '@keyway/shared';
import { api } from '@/lib/api-client';

export type SwaggerFetchResult = { document: string; summary: ApiDescriptionSummary } | { problem: ApiDescriptionProblem };

export const fetchSwagger = (url: string) => api.post<SwaggerFetchResult>('/swagger/fetch', { url });

export const useFetchSwagger = () => useMutation({ mutationFn: fetchSwagger });
