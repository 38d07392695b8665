/**
 * Said wherever a data source's Swagger summary would be, for one made through the API without a
 * description. A module of its own: the list imports it, and the wizard's Swagger step, where it
 * also lives, would bring the description reader and yaml into the list.
 */
export const NO_API_DESCRIPTION = 'No API description (made through the API)';
