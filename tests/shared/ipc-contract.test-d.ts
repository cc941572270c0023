import { describe, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type { Api } from '../../electron/shared/api'
import {
  type EVENT_CHANNELS,
  type INVOKE_CHANNELS,
  type EventContract,
  type InvokeArgs,
  type InvokeContract,
  type InvokeResult
} from '../../electron/shared/ipc-contract'
import type { Handlers } from '../../electron/core/ipc/router'
import type { Result } from '../../electron/shared/result'
import type { invokeArgSchemas } from '../../electron/shared/schemas'

describe('IPC contract', () => {
  it('lists exactly the invoke channels the contract declares', () => {
    expectTypeOf<(typeof INVOKE_CHANNELS)[number]>().toEqualTypeOf<keyof InvokeContract>()
  })

  it('lists exactly the event channels the contract declares', () => {
    expectTypeOf<(typeof EVENT_CHANNELS)[number]>().toEqualTypeOf<keyof EventContract>()
  })

  it('has one argument schema per channel, producing the contract arguments', () => {
    expectTypeOf<keyof typeof invokeArgSchemas>().toEqualTypeOf<keyof InvokeContract>()
    expectTypeOf<z.output<(typeof invokeArgSchemas)['settings:update']>>().toEqualTypeOf<InvokeArgs<'settings:update'>>()
    expectTypeOf<z.output<(typeof invokeArgSchemas)['secrets:set-api-key']>>().toEqualTypeOf<InvokeArgs<'secrets:set-api-key'>>()
  })

  it('gives handlers the contract arguments and results, without an Electron event', () => {
    expectTypeOf<Parameters<Handlers['settings:update']>>().toEqualTypeOf<InvokeArgs<'settings:update'>>()
    expectTypeOf<Awaited<ReturnType<Handlers['library:get-stats']>>>().toEqualTypeOf<InvokeResult<'library:get-stats'>>()
  })

  it('exposes results as Result<T> on the bridge', () => {
    expectTypeOf<ReturnType<Api['settings']['update']>>().toEqualTypeOf<Promise<Result<InvokeResult<'settings:update'>>>>()
    expectTypeOf<ReturnType<Api['app']['getInfo']>>().toEqualTypeOf<Promise<Result<InvokeResult<'app:get-info'>>>>()
    expectTypeOf<ReturnType<Api['library']['onChanged']>>().toEqualTypeOf<() => void>()
  })
})
