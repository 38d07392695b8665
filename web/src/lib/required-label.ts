/**
 * Marks a field as required with an asterisk drawn by CSS (app/global.css), instead of Mantine's
 * withAsterisk, whose <span> inside the <label> makes the label read "Title *": tests, and people
 * searching by label, must find the field by its exact label.
 */
export const requiredLabel = { labelProps: { 'data-required': true } } as const;
