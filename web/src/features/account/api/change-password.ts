import { useMutation } from '@tanstack/react-query';
import type { PasswordChangeInput } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const changePassword = (input: PasswordChangeInput) => api.put<void>('/account/password', input);

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
