import { AlertIcon } from '../../components/icons'
import { isOptionField } from '../../store/composer-slice'

/** Where an error about a request field is shown. */
export type ErrorSlot = 'prompt' | 'size' | 'count' | 'format' | 'options' | 'general'

export function errorSlot(field: string): ErrorSlot {
  if (field === 'prompt') return 'prompt'
  if (field === 'width' || field === 'height' || field === 'resolution') return 'size'
  if (field === 'numberResults') return 'count'
  if (field === 'outputFormat') return 'format'
  if (isOptionField(field)) return 'options'
  return 'general'
}

/** The inline message for the field a start was refused for. */
export function ComposerFieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="composer-error" data-testid="composer-error" role="alert">
      <AlertIcon size={13} className="composer-error-icon" />
      <span>{message}</span>
    </p>
  )
}
