import { useId } from 'react'
import { Select, type SelectOption } from '../../components/Select'
import { NumberStepper } from '../../components/NumberStepper'
import { useAppStore } from '../../store'
import { type ComposerOutputType, type DeliveryMethod, isOptionField, QUALITY_LIMITS } from '../../store/composer-slice'
import { ComposerFieldError } from './ComposerFieldError'

const DELIVERY_OPTIONS: readonly SelectOption<DeliveryMethod>[] = [
  { value: 'sync', label: 'Sync' },
  { value: 'async', label: 'Async' }
]
const OUTPUT_OPTIONS: readonly SelectOption<ComposerOutputType>[] = [
  { value: 'URL', label: 'URL' },
  { value: 'base64Data', label: 'Base64' }
]

const TIPS = {
  quality: 'JPG and WEBP quality, 20–99: higher is sharper and larger',
  delivery: 'Sync waits for the images on one request; Async submits, then checks back (steadier for many images)',
  safety: 'Ask Runware to check the images for unsafe content',
  output: 'How Runware hands the images over; the app stores them in your library either way',
  ttl: "How long Runware keeps the result URL, in seconds (at least 60). Empty: Runware's default"
}

/** The less-used request options, revealed by the composer's Options button. */
export function OptionsPanel({ id, errorId }: { id: string; errorId: string }) {
  const quality = useAppStore((s) => s.composer.outputQuality)
  const safetyCheck = useAppStore((s) => s.composer.safetyCheck)
  const delivery = useAppStore((s) => s.composer.deliveryMethod)
  const outputType = useAppStore((s) => s.composer.outputType)
  const ttl = useAppStore((s) => s.composer.ttl)
  const error = useAppStore((s) => s.composerError)
  const updateComposer = useAppStore((s) => s.updateComposer)
  const fid = useId()

  const optionError = error && isOptionField(error.field) ? error : null
  const invalid = (field: string) =>
    optionError && (optionError.field === field || optionError.field.startsWith(`${field}.`))
      ? { 'aria-invalid': true, 'aria-describedby': errorId }
      : {}

  return (
    <div id={id} className="options-panel" data-testid="options-panel" role="group" aria-label="Options">
      <div className="options-grid">
        <label htmlFor={`${fid}-quality`} className="options-label" title={TIPS.quality}>
          Quality
        </label>
        <NumberStepper
          id={`${fid}-quality`}
          label="quality"
          testId="quality-input"
          value={quality}
          min={QUALITY_LIMITS.min}
          max={QUALITY_LIMITS.max}
          describedBy={invalid('outputQuality')['aria-describedby']}
          invalid={invalid('outputQuality')['aria-invalid'] === true}
          onChange={(n) => updateComposer({ outputQuality: n })}
        />

        <label htmlFor={`${fid}-delivery`} className="options-label" title={TIPS.delivery}>
          Delivery
        </label>
        <Select
          id={`${fid}-delivery`}
          className="select-narrow"
          testId="delivery-select"
          value={delivery}
          options={DELIVERY_OPTIONS}
          {...invalid('deliveryMethod')}
          onValueChange={(value) => updateComposer({ deliveryMethod: value })}
        />

        <label htmlFor={`${fid}-safety`} className="options-label" title={TIPS.safety}>
          Safety check
        </label>
        <input
          id={`${fid}-safety`}
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="safety-toggle"
          checked={safetyCheck}
          {...invalid('safety')}
          onChange={(event) => updateComposer({ safetyCheck: event.target.checked })}
        />

        <label htmlFor={`${fid}-output`} className="options-label" title={TIPS.output}>
          Output
        </label>
        <Select
          id={`${fid}-output`}
          className="select-output"
          testId="output-type-select"
          value={outputType}
          options={OUTPUT_OPTIONS}
          {...invalid('outputType')}
          onValueChange={(value) => updateComposer({ outputType: value })}
        />

        {outputType === 'URL' ? (
          <>
            <label htmlFor={`${fid}-ttl`} className="options-label" title={TIPS.ttl}>
              URL TTL
            </label>
            <span className="input-suffix-wrap">
              <input
                id={`${fid}-ttl`}
                className="text-input ttl-input"
                data-testid="ttl-input"
                type="number"
                inputMode="numeric"
                min={60}
                step={1}
                placeholder="Default"
                value={ttl}
                {...invalid('ttl')}
                onChange={(event) => updateComposer({ ttl: event.target.value })}
              />
              <span className="input-suffix" aria-hidden="true">
                sec
              </span>
            </span>
          </>
        ) : null}
      </div>
      {optionError ? <ComposerFieldError id={errorId} message={optionError.message} /> : null}
    </div>
  )
}
