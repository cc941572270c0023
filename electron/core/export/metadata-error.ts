/** The error the export metadata module throws: a file that is not what it claims, or metadata too large for its container. */
import { AppError } from '../errors'
import type { ErrorCode } from '../../shared/result'

export class MetadataError extends AppError {
  constructor(code: Extract<ErrorCode, 'BAD_IMAGE' | 'VALIDATION'>, message: string) {
    super(code, message)
    this.name = 'MetadataError'
  }
}
