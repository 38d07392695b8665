import { useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/api-client';

/**
 * The sign-in and setup forms: two fields, sent as typed. The server checks them with the shared
 * schemas (SignInSchema, CreateAdministratorSchema) and its messages land on the fields. Without
 * react-hook-form and zod, which would only have said the same before sending: together they
 * weighed as much as the rest of the sign-in page's own code and Mantine's inputs.
 */
export function useAuthForm<F extends string>(fields: readonly F[], send: (values: Record<F, string>) => Promise<unknown>, onSent?: () => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<F, string>>>({});

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const values = Object.fromEntries(fields.map((field) => [field, String(data.get(field) ?? '')])) as Record<F, string>;
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const sent = send(values);
      onSent?.();
      await sent;
    } catch (caught) {
      const landed: Partial<Record<F, string>> = {};
      if (caught instanceof ApiError) for (const field of fields) if (caught.fieldErrors[field]?.[0]) landed[field] = caught.fieldErrors[field][0];
      setFieldErrors(landed);
      setError(caught);
      // As react-hook-form did: the first field to correct gets the focus.
      const first = fields.find((field) => landed[field]);
      if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
    } finally {
      setPending(false);
    }
  };

  return {
    onSubmit: (event: FormEvent<HTMLFormElement>) => void onSubmit(event),
    pending,
    /** An error that no field shows: for the alert under the form. */
    formError: Object.keys(fieldErrors).length === 0 ? error : null,
    fieldError: (field: F) => fieldErrors[field],
    /** Typing in a field takes its message away; the next attempt says again what is still wrong. */
    clearFieldError: (field: F) => setFieldErrors((current) => (current[field] ? { ...current, [field]: undefined } : current)),
  };
}
