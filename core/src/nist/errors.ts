/** Input to the NIST suite is malformed: a bit count that does not fit the bytes, a non-0/1 character. */
export class NistInputError extends Error {
  override name = 'NistInputError';
}

/** A test parameter is out of the range the suite supports (names the parameter and the value). */
export class NistParameterError extends Error {
  override name = 'NistParameterError';
}
