import { useMutation } from '@tanstack/react-query';
import type { GeneratedKeyPair } from '@keyway/shared';
import { api } from '@/lib/api-client';

/**
 * "Generate a key pair for me": the server makes the pair and keeps the private key; the answer
 * is an id for the form to test and save with, and the certificate to upload to the connected app.
 */
export const generateKeyPair = (commonName: string) =>
  api.post<{ keyPair: GeneratedKeyPair }>('/datasources/key-pairs', { commonName }).then((r) => r.keyPair);

export const useGenerateKeyPair = () => useMutation({ mutationFn: generateKeyPair });
