// Resolves the window a request asks for, or the default: the latest complete week with verdicts.

import type { AppContext } from './context.ts';
import { NotFoundError } from './errors.ts';
import type { WindowVerdicts } from './verdict-cache.ts';

export const resolveWindow = async (
  ctx: AppContext,
  requested: string | undefined,
): Promise<WindowVerdicts> => {
  const id = requested ?? (await ctx.verdicts.latestWeek());
  if (!id) throw new NotFoundError('no complete week has been evaluated yet; run the evaluation first');
  const found = await ctx.verdicts.window(id);
  if (!found) throw new NotFoundError(`window ${id} has not been evaluated`);
  return found;
};

/** The latest evaluated week, or undefined when there is none (statuses then read no_data). */
export const latestWindow = async (ctx: AppContext): Promise<WindowVerdicts | undefined> => {
  const id = await ctx.verdicts.latestWeek();
  return id ? ctx.verdicts.window(id) : undefined;
};
