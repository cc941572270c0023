import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useAppStore } from '../../renderer/src/store'
import { FakeApi, KEYCHAIN_KEY, makeImages, makeJob, NO_KEY } from './fake-api'
import { makeLibraryImage } from './core-library'
import { renderApp } from './render-app'

const cards = (): HTMLElement[] => screen.queryAllByTestId('job-card')
const card = (prompt: string): HTMLElement => {
  const found = cards().find((c) => within(c).getByTestId('job-prompt').textContent === prompt)
  if (!found) throw new Error(`no card for "${prompt}"`)
  return found
}

describe('queue panel', () => {
  it('renders the jobs main lists, newest on top, with status words, progress, elapsed time and cost', async () => {
    const before = Date.now()
    await renderApp({
      jobs: [
        makeJob({ generationId: 3, prompt: 'third', status: 'running', imagesDone: 2, imagesTotal: 4, elapsedMs: 12_000 }),
        makeJob({ generationId: 2, prompt: 'second', status: 'succeeded', imagesDone: 1, imagesTotal: 1, elapsedMs: 65_000, costUsd: 0.04 }),
        makeJob({ generationId: 1, prompt: 'first', status: 'queued', imagesTotal: 2, elapsedMs: 0 })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(3))
    expect(screen.queryByTestId('queue-empty')).toBeNull()
    expect(cards().map((c) => within(c).getByTestId('job-prompt').textContent)).toEqual(['third', 'second', 'first'])
    expect(cards().map((c) => c.getAttribute('data-status'))).toEqual(['running', 'succeeded', 'queued'])
    expect(cards().map((c) => within(c).getByTestId('job-status').textContent)).toEqual(['Generating', 'Done', 'Queued'])

    const running = within(card('third'))
    expect(running.getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('2')
    expect(running.getByTestId('job-progress').getAttribute('aria-valuemax')).toBe('4')
    expect(running.getByTestId('job-progress').textContent).toBe('')
    expect(card('third').textContent).toContain('2/4')
    // A running job's clock goes on from what main reported: 12 s plus the time this test has taken.
    const shown = Number(/^(\d+)s$/.exec(running.getByTestId('job-elapsed').textContent ?? '')?.[1])
    expect(shown).toBeGreaterThanOrEqual(12)
    expect(shown).toBeLessThanOrEqual(12 + Math.ceil((Date.now() - before) / 1000))
    expect(running.queryByTestId('job-cost')).toBeNull()

    const done = within(card('second'))
    expect(done.getByTestId('job-elapsed').textContent).toBe('1m 05s')
    expect(done.getByTestId('job-cost').textContent).toBe('$0.04')
  })

  it('uses human words for every status', async () => {
    const statuses = ['queued', 'submitting', 'running', 'downloading', 'succeeded', 'failed', 'canceled', 'interrupted'] as const
    await renderApp({ jobs: statuses.map((status, i) => makeJob({ generationId: 100 - i, status, prompt: status })) })
    await waitFor(() => expect(cards()).toHaveLength(8))
    expect(cards().map((c) => within(c).getByTestId('job-status').textContent)).toEqual([
      'Queued',
      'Sending',
      'Generating',
      'Downloading',
      'Done',
      'Failed',
      'Canceled',
      'Interrupted'
    ])
  })

  it('adds a job from a progress event on top and updates it in place on the next event', async () => {
    const { fake } = await renderApp({ jobs: [makeJob({ generationId: 1, prompt: 'older', status: 'succeeded', imagesDone: 1 })] })
    await waitFor(() => expect(cards()).toHaveLength(1))

    act(() => fake.emitProgress(makeJob({ generationId: 2, prompt: 'newer', status: 'submitting', imagesTotal: 3 })))
    expect(cards().map((c) => within(c).getByTestId('job-prompt').textContent)).toEqual(['newer', 'older'])
    expect(within(card('newer')).getByTestId('job-status').textContent).toBe('Sending')

    act(() => fake.emitProgress(makeJob({ generationId: 2, prompt: 'newer', status: 'downloading', imagesDone: 1, imagesTotal: 3 })))
    expect(cards()).toHaveLength(2)
    expect(within(card('newer')).getByTestId('job-status').textContent).toBe('Downloading')
    expect(within(card('newer')).getByTestId('job-progress').getAttribute('aria-valuenow')).toBe('1')
  })

  it('keeps a progress event that is newer than the list answer', async () => {
    const fake = new FakeApi({ jobs: [makeJob({ generationId: 5, prompt: 'racing', status: 'running', elapsedMs: 1000 })] })
    const release = fake.holdNext('generation.list')
    const { fake: f } = await renderApp(fake)
    act(() => f.emitProgress(makeJob({ generationId: 5, prompt: 'racing', status: 'succeeded', imagesDone: 1, elapsedMs: 4000 })))
    // The list was answered from the older snapshot.
    fake.jobs = [makeJob({ generationId: 5, prompt: 'racing', status: 'running', elapsedMs: 1000 })]
    await act(async () => release())
    await waitFor(() => expect(fake.callsTo('generation.list')).toHaveLength(1))
    expect(card('racing').getAttribute('data-status')).toBe('succeeded')
  })

  it('shows waiting for network, retries, the message and the error', async () => {
    await renderApp({
      jobs: [
        makeJob({ generationId: 3, prompt: 'flaky', status: 'running', retries: 1 }),
        makeJob({ generationId: 2, prompt: 'offline', status: 'running', waitingForNetwork: true, retries: 2 }),
        makeJob({
          generationId: 1,
          prompt: 'broken',
          status: 'failed',
          message: 'Runware said no.',
          error: { code: 'API_SAFETY', message: 'The prompt was blocked by the content filter' }
        })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(3))
    expect(within(card('flaky')).getByTestId('job-retries').textContent).toBe('Retrying (1)')
    expect(within(card('flaky')).queryByTestId('job-waiting')).toBeNull()
    const offline = within(card('offline'))
    expect(offline.getByTestId('job-waiting').textContent).toBe('Waiting for network…')
    expect(offline.getByTestId('job-retries').textContent).toBe('Retrying (2)')
    expect(offline.queryByTestId('job-error')).toBeNull()

    const broken = within(card('broken'))
    expect(broken.getByTestId('job-error').textContent).toBe('The prompt was blocked by the content filter')
    expect(broken.getByTestId('job-message').textContent).toBe('Runware said no.')
    expect(broken.queryByTestId('job-waiting')).toBeNull()
    expect(broken.queryByTestId('job-retries')).toBeNull()
  })

  it('Cancel calls the api for that job and shows the outcome; final jobs have no Cancel', async () => {
    const { fake } = await renderApp({
      jobs: [makeJob({ generationId: 9, prompt: 'stop me', status: 'queued' }), makeJob({ generationId: 8, prompt: 'done', status: 'succeeded' })]
    })
    await waitFor(() => expect(cards()).toHaveLength(2))
    expect(within(card('done')).queryByTestId('job-cancel')).toBeNull()

    await act(async () => fireEvent.click(within(card('stop me')).getByTestId('job-cancel')))
    expect(fake.callsTo('generation.cancel')).toEqual([[9]])
    expect(card('stop me').getAttribute('data-status')).toBe('canceled')
    expect(within(card('stop me')).getByTestId('job-message').textContent).toBe('Canceled before anything was sent.')
    expect(within(card('stop me')).queryByTestId('job-cancel')).toBeNull()
  })

  it('a canceled job that still receives paid images says so and shows them', async () => {
    const { fake } = await renderApp({ jobs: [makeJob({ generationId: 4, prompt: 'late', status: 'running', imagesTotal: 4 })] })
    await waitFor(() => expect(cards()).toHaveLength(1))
    const kept = 'Canceled. Runware had already accepted this request, so images it still delivers are kept (they are paid for).'
    fake.images[4] = makeImages(40, 1)
    act(() => fake.emitProgress(makeJob({ generationId: 4, prompt: 'late', status: 'canceled', imagesDone: 1, imagesTotal: 4, message: kept })))
    expect(within(card('late')).getByTestId('job-message').textContent).toBe(kept)
    await waitFor(() => expect(within(card('late')).getAllByTestId('job-thumb')).toHaveLength(1))
  })

  it('a failed cancel becomes a toast', async () => {
    const { fake } = await renderApp({ jobs: [makeJob({ generationId: 9, prompt: 'stuck', status: 'running' })] })
    await waitFor(() => expect(cards()).toHaveLength(1))
    fake.failNext('generation.cancel', { code: 'INTERNAL', message: 'The database is locked' })
    await act(async () => fireEvent.click(within(card('stuck')).getByTestId('job-cancel')))
    expect(screen.getByTestId('toast').textContent).toContain("Couldn't cancel the generation")
    expect(card('stuck').getAttribute('data-status')).toBe('running')
  })

  it('loads thumbnails for finished jobs in the list', async () => {
    const { fake } = await renderApp({
      jobs: [
        makeJob({ generationId: 2, prompt: 'four', status: 'succeeded', imagesDone: 4, imagesTotal: 4 }),
        makeJob({ generationId: 1, prompt: 'none', status: 'failed', imagesDone: 0 })
      ],
      images: { 2: makeImages(21, 4) }
    })
    await waitFor(() => expect(within(card('four')).getAllByTestId('job-thumb')).toHaveLength(4))
    const srcs = within(card('four'))
      .getAllByTestId('job-thumb')
      .map((img) => img.getAttribute('src'))
    expect(srcs).toEqual(['app-image://thumb/21', 'app-image://thumb/22', 'app-image://thumb/23', 'app-image://thumb/24'])
    expect(fake.callsTo('generation.images')).toEqual([[2]])
    expect(within(card('none')).queryByTestId('job-thumb')).toBeNull()
  })

  it('loads thumbnails when a job finishes and again when more images arrive', async () => {
    const { fake } = await renderApp({ jobs: [makeJob({ generationId: 3, prompt: 'growing', status: 'running', imagesTotal: 3 })] })
    await waitFor(() => expect(cards()).toHaveLength(1))
    expect(fake.callsTo('generation.images')).toHaveLength(0)

    fake.images[3] = makeImages(30, 1)
    act(() => fake.emitProgress(makeJob({ generationId: 3, prompt: 'growing', status: 'downloading', imagesDone: 1, imagesTotal: 3 })))
    await waitFor(() => expect(within(card('growing')).getAllByTestId('job-thumb')).toHaveLength(1))

    // The same count again does not reload.
    act(() => fake.emitProgress(makeJob({ generationId: 3, prompt: 'growing', status: 'downloading', imagesDone: 1, imagesTotal: 3, retries: 1 })))
    expect(fake.callsTo('generation.images')).toHaveLength(1)

    fake.images[3] = makeImages(30, 3)
    act(() => fake.emitProgress(makeJob({ generationId: 3, prompt: 'growing', status: 'succeeded', imagesDone: 3, imagesTotal: 3 })))
    await waitFor(() => expect(within(card('growing')).getAllByTestId('job-thumb')).toHaveLength(3))
  })

  it('shows at most eight thumbnails, the last one saying how many more', async () => {
    await renderApp({
      jobs: [makeJob({ generationId: 1, prompt: 'many', status: 'succeeded', imagesDone: 20, imagesTotal: 20 })],
      images: { 1: makeImages(1, 20) }
    })
    await waitFor(() => expect(within(card('many')).getAllByTestId('job-thumb')).toHaveLength(8))
    expect(card('many').textContent).toContain('+12')
  })

  it('Clear finished asks main to forget the finished jobs and keeps active ones; the empty state returns when none are left', async () => {
    const { fake } = await renderApp({
      jobs: [
        makeJob({ generationId: 3, prompt: 'active', status: 'running' }),
        makeJob({ generationId: 2, prompt: 'ok', status: 'succeeded' }),
        makeJob({ generationId: 1, prompt: 'bad', status: 'failed' })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(3))
    expect(screen.getByTestId('queue-summary').textContent).toBe('1 active · 1 done · 1 failed')

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Clear finished' })))
    expect(fake.callsTo('generation.clearFinished')).toEqual([[]])
    expect(cards().map((c) => c.getAttribute('data-status'))).toEqual(['running'])
    expect(screen.queryByTestId('clear-finished')).toBeNull()
    expect(fake.calls.map((c) => c.method)).not.toContain('generation.cancel')

    // A late event for a cleared job does not bring it back.
    act(() => fake.emitProgress(makeJob({ generationId: 2, prompt: 'ok', status: 'succeeded', imagesDone: 1 })))
    expect(cards()).toHaveLength(1)

    act(() => fake.emitProgress(makeJob({ generationId: 3, prompt: 'active', status: 'succeeded', imagesDone: 1 })))
    await act(async () => fireEvent.click(screen.getByTestId('clear-finished')))
    expect(cards()).toHaveLength(0)
    expect(screen.getByTestId('queue-empty')).toBeTruthy()
  })

  it('a failed Clear finished keeps the jobs and says so', async () => {
    const fake = new FakeApi({ jobs: [makeJob({ generationId: 2, prompt: 'ok', status: 'succeeded' })] })
    await renderApp(fake)
    await waitFor(() => expect(cards()).toHaveLength(1))
    fake.failNext('generation.clearFinished', { code: 'INTERNAL', message: 'The database is locked' })
    await act(async () => fireEvent.click(screen.getByTestId('clear-finished')))
    expect(screen.getByTestId('toast').textContent).toContain("Couldn't clear the finished jobs")
    expect(cards()).toHaveLength(1)
  })

  it('counts only succeeded jobs as done: failed, interrupted and canceled ones are named as such', async () => {
    const { fake } = await renderApp({
      jobs: [
        makeJob({ generationId: 6, prompt: 'a', status: 'queued' }),
        makeJob({ generationId: 5, prompt: 'b', status: 'downloading' }),
        makeJob({ generationId: 4, prompt: 'c', status: 'succeeded', imagesDone: 1 }),
        makeJob({ generationId: 3, prompt: 'd', status: 'failed', error: { code: 'API_SAFETY', message: 'blocked' } }),
        makeJob({ generationId: 2, prompt: 'e', status: 'failed', error: { code: 'API_AUTH', message: 'refused' } }),
        makeJob({ generationId: 1, prompt: 'f', status: 'canceled' })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(6))
    expect(screen.getByTestId('queue-summary').textContent).toBe('2 active · 1 done · 2 failed · 1 canceled')
    act(() => fake.emitProgress(makeJob({ generationId: 5, prompt: 'b', status: 'interrupted' })))
    expect(screen.getByTestId('queue-summary').textContent).toBe('1 active · 1 done · 2 failed · 1 interrupted · 1 canceled')
    act(() => fake.emitProgress(makeJob({ generationId: 6, prompt: 'a', status: 'failed', error: { code: 'API_AUTH', message: 'refused' } })))
    expect(screen.getByTestId('queue-summary').textContent).toBe('1 done · 3 failed · 1 interrupted · 1 canceled')
  })

  it('a job canceled while offline says Canceled, not Waiting for network', async () => {
    await renderApp({
      jobs: [
        makeJob({ generationId: 2, prompt: 'still offline', status: 'submitting', waitingForNetwork: true }),
        makeJob({ generationId: 1, prompt: 'canceled offline', status: 'canceled', waitingForNetwork: true })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(2))
    expect(within(card('still offline')).getByTestId('job-waiting').textContent).toBe('Waiting for network…')
    expect(within(card('canceled offline')).getByTestId('job-status').textContent).toBe('Canceled')
    expect(within(card('canceled offline')).queryByTestId('job-waiting')).toBeNull()
    expect(card('canceled offline').textContent).not.toContain('Waiting for network')
  })

  it('clicking a result thumbnail opens that image in the detail view', async () => {
    await renderApp({
      jobs: [makeJob({ generationId: 2, prompt: 'three', status: 'succeeded', imagesDone: 3, imagesTotal: 3 })],
      images: { 2: makeImages(21, 3) },
      library: [21, 22, 23].map((id) => makeLibraryImage({ id, prompt: 'three' }))
    })
    await waitFor(() => expect(within(card('three')).getAllByRole('button', { name: /^Open result/ })).toHaveLength(3))
    expect(screen.queryByTestId('image-detail')).toBeNull()
    await act(async () => fireEvent.click(within(card('three')).getByRole('button', { name: 'Open result 2' })))
    const detail = screen.getByRole('dialog', { name: 'Image details' })
    expect(within(detail).getByTestId('image-detail').getAttribute('data-image-id')).toBe('22')
    await waitFor(() => expect(within(detail).getByTestId('detail-image').getAttribute('src')).toBe('app-image://image/22'))
  })

  it('a failed list load shows a toast and leaves the empty state', async () => {
    const fake = new FakeApi()
    fake.failNext('generation.list', { code: 'INTERNAL', message: 'The database is locked' })
    await renderApp(fake)
    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain("Couldn't load the queue"))
    expect(screen.getByTestId('queue-empty')).toBeTruthy()
  })
})

describe('account balance', () => {
  it('shows the balance when a key is set and refreshes it after a job finishes', async () => {
    const { fake } = await renderApp({ apiKeyStatus: KEYCHAIN_KEY, balance: { amount: 12.5, currency: 'USD' }, jobs: [makeJob({ generationId: 1, prompt: 'p' })] })
    expect(screen.getByTestId('account-balance').textContent).toContain('$12.50')
    await waitFor(() => expect(cards()).toHaveLength(1))
    expect(fake.callsTo('account.balance')).toHaveLength(1)

    fake.balance = { amount: 12.46, currency: 'USD' }
    act(() => fake.emitProgress(makeJob({ generationId: 1, prompt: 'p', status: 'succeeded', imagesDone: 1 })))
    await waitFor(() => expect(screen.getByTestId('account-balance').textContent).toContain('$12.46'))
    expect(fake.callsTo('account.balance')).toHaveLength(2)
  })

  it('is not asked for without a key, and a failure is silent', async () => {
    const none = await renderApp({ apiKeyStatus: NO_KEY })
    expect(none.fake.callsTo('account.balance')).toHaveLength(0)
    expect(screen.queryByTestId('account-balance')).toBeNull()
    none.view.unmount()

    const fake = new FakeApi({ apiKeyStatus: KEYCHAIN_KEY })
    fake.failNext('account.balance', { code: 'NETWORK', message: 'offline' })
    await renderApp(fake)
    expect(fake.callsTo('account.balance')).toHaveLength(1)
    expect(screen.queryByTestId('account-balance')).toBeNull()
    expect(screen.queryByTestId('toast')).toBeNull()
  })

  it('is forgotten when the key is removed', async () => {
    await renderApp({ apiKeyStatus: KEYCHAIN_KEY })
    expect(screen.getByTestId('account-balance')).toBeTruthy()
    await act(() => useAppStore.getState().clearApiKey())
    expect(screen.queryByTestId('account-balance')).toBeNull()
  })

  it('a finished job offers Run again and a failed one Retry: the same request is started again', async () => {
    const { fake } = await renderApp({
      apiKeyStatus: KEYCHAIN_KEY,
      jobs: [
        makeJob({ generationId: 2, prompt: 'done one', status: 'succeeded', imagesDone: 1, imagesTotal: 1 }),
        makeJob({ generationId: 1, prompt: 'failed one', status: 'failed', error: { code: 'API_AUTH', message: 'refused' } })
      ]
    })
    await waitFor(() => expect(cards()).toHaveLength(2))
    expect(within(card('done one')).getByRole('button', { name: 'Run again' })).toBeTruthy()
    await act(async () => fireEvent.click(within(card('failed one')).getByRole('button', { name: 'Retry' })))
    expect(fake.callsTo('generation.runAgain')).toEqual([[1]])
    await waitFor(() => expect(cards()).toHaveLength(3))
    expect(within(cards()[0]!).getByTestId('job-prompt').textContent).toBe('failed one')
  })

  it('a job made from a reference shows the reference thumbnail', async () => {
    await renderApp({ jobs: [makeJob({ generationId: 4, prompt: 'from a photo', status: 'running', referenceIds: [31] }), makeJob({ generationId: 3, prompt: 'plain' })] })
    await waitFor(() => expect(cards()).toHaveLength(2))
    const ref = within(card('from a photo')).getByRole('img', { name: 'Reference image' })
    expect(ref.getAttribute('src')).toBe('app-image://ref/31')
    expect(within(card('plain')).queryByRole('img', { name: 'Reference image' })).toBeNull()
  })

  it('a job the disk stopped offers Resume (not a billed Retry), which goes on with the same job', async () => {
    const stopped = makeJob({
      generationId: 9,
      prompt: 'on a full disk',
      status: 'failed',
      imagesDone: 1,
      imagesTotal: 3,
      error: { code: 'DISK_FULL', message: 'The disk is full: /lib has no room for the image. Free some space, then resume the job.' }
    })
    const { fake } = await renderApp({ jobs: [stopped, makeJob({ generationId: 8, prompt: 'refused', status: 'failed', error: { code: 'API_AUTH', message: 'Refused' } })] })
    await waitFor(() => expect(cards()).toHaveLength(2))
    expect(within(card('refused')).getByTestId('job-run-again').textContent).toBe('Retry')
    expect(within(card('refused')).queryByTestId('job-resume')).toBeNull()
    expect(within(card('on a full disk')).queryByTestId('job-run-again')).toBeNull()
    await act(async () => fireEvent.click(within(card('on a full disk')).getByRole('button', { name: 'Resume' })))
    expect(fake.callsTo('generation.resume')).toEqual([[9]])
    expect(fake.callsTo('generation.runAgain')).toEqual([])
    await waitFor(() => expect(within(card('on a full disk')).getByTestId('job-status').textContent).toBe('Downloading'))
  })
})
