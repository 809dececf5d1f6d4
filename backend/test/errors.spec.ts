import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { ApiException } from '../src/common/errors/api.exception';
import { AllExceptionsFilter } from '../src/common/errors/all-exceptions.filter';
import { flattenValidationErrors } from '../src/common/validation/validation.pipe';

describe('error shape', () => {
  const filter = new AllExceptionsFilter();
  // The unexpected-error path logs the stack; keep test output clean.
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('hides internals of unexpected errors behind a generic 500', () => {
    const body = filter.toErrorResponse(new Error('connection to 10.0.0.5 refused: password authentication failed'));
    expect(body).toEqual({ status: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' });
  });

  it('keeps codes and details of ApiException, and maps plain HttpExceptions by status', () => {
    expect(filter.toErrorResponse(new ApiException(409, 'EMAIL_TAKEN', 'Taken.'))).toEqual({ status: 409, code: 'EMAIL_TAKEN', message: 'Taken.' });
    expect(filter.toErrorResponse(new NotFoundException('Cannot GET /x'))).toEqual({ status: 404, code: 'NOT_FOUND', message: 'Cannot GET /x' });
    expect(filter.toErrorResponse(new BadRequestException(['a is bad', 'b is bad']))).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'a is bad; b is bad',
    });
  });

  it('names nested fields with dotted paths', () => {
    const details = flattenValidationErrors([
      {
        property: 'intent',
        children: [{ property: 'word', constraints: { isString: 'word must be a string' }, children: [] }],
        constraints: {},
      },
    ]);
    expect(details).toEqual([{ field: 'intent.word', message: 'word must be a string' }]);
  });
});
