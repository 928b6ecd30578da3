/**
 * Thrown when the input does not fit the rule set it is computed with (an unknown post, a grade the
 * table does not have, a formula variable nobody supplied). A validated rule set plus valid input
 * never throws; the server maps this to a 400/422 with the Chinese message.
 */
export type RuleEngineErrorCode =
  | 'FORMULA_INVALID'
  | 'FORMULA_MISSING_VARIABLE'
  | 'FORMULA_NOT_FINITE'
  | 'UNKNOWN_POST'
  | 'GRADE_OUT_OF_RANGE'
  | 'INVALID_INPUT'
  | 'TREE_CYCLE';

export class RuleEngineError extends Error {
  override readonly name = 'RuleEngineError';
  readonly code: RuleEngineErrorCode;

  constructor(code: RuleEngineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
