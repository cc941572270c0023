/**
 * Issue 11: main runs the quick library check at start-up (`app:get-health`) and
 * the window says what it found: problems in an alert toast, a library.db rebuilt
 * from its journal in a notice, nothing when all is well; the About box keeps it.
 */
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeLibraryImages } from './core-library'
import { FakeApi, healthyReport } from './fake-api'
import { renderApp } from './render-app'

describe('the library check at start-up', () => {
  it('says nothing when all is well, and the About box says it was checked', async () => {
    const { fake } = await renderApp()
    expect(fake.callsTo('app.getHealth')).toEqual([[]])
    expect(screen.queryAllByTestId('toast')).toEqual([])
    act(() => fake.emitMenuCommand('about'))
    expect(within(screen.getByTestId('about-dialog')).getByTestId('about-health').textContent).toBe('No problems found at start-up')
  })

  it('is asked for once the gallery has its first view, not beside it (it reads the whole database file)', async () => {
    // More images than the first page holds, so the view has landed only with its id list.
    const fake = new FakeApi({ library: makeLibraryImages(1, 200) })
    const release = fake.holdNext('library.idList')
    const started = renderApp(fake)
    await waitFor(() => expect(fake.callsTo('library.idList')).toHaveLength(1))
    await waitFor(() => expect(fake.callsTo('settings.get')).toHaveLength(1))
    expect(fake.callsTo('app.getHealth')).toEqual([])
    await act(async () => release())
    await started
    expect(fake.callsTo('app.getHealth')).toEqual([[]])
    expect(fake.timeline.indexOf('app.getHealth')).toBeGreaterThan(fake.timeline.indexOf('library.idList'))
  })

  it('shows the problems it found in an alert', async () => {
    const fake = new FakeApi()
    fake.health = {
      report: healthyReport({ ok: false, problems: ['1 file(s) the library names are missing', 'the journal is behind the database (journal #3, database #5): doctor --fix journals them', '2 job(s) were left unfinished'] }),
      restoredFromJournal: null
    }
    await renderApp(fake)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('The library check found 3 problems')
    expect(alert.textContent).toContain('1 file(s) the library names are missing; the journal is behind the database')
    expect(alert.textContent).toContain('(and 1 more). Details: imagine doctor, and the log.')
    act(() => fake.emitMenuCommand('about'))
    expect(screen.getByTestId('about-health').textContent).toMatch(/^3 problems: 1 file\(s\) the library names are missing; /)
  })

  it('tells the person when library.db was rebuilt from the journal', async () => {
    const fake = new FakeApi()
    fake.health = { report: healthyReport(), restoredFromJournal: { generations: 12, images: 1, entries: 340, failed: 0 } }
    await renderApp(fake)
    const notice = screen.getByRole('status')
    expect(notice.textContent).toContain('The library was rebuilt from its journal')
    expect(notice.textContent).toContain('12 generations and 1 image were restored')
  })
})
