// Where the test plans are. The project's own: tests/data/plans/. The published plans, for the
// tests that read them, are not part of the repository: they are taken from $YW_SEEDS, or from
// ../shared/seeds beside the repository when that exists. Without them those tests are skipped
// with SKIP as the reason; a YW_SEEDS naming no directory makes them fail (reading there fails).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const beside = fileURLToPath(new URL('../../shared/seeds', import.meta.url));

export const SEEDS = process.env.YW_SEEDS || (existsSync(beside) ? beside : null);
export const SKIP = SEEDS ? false : `SKIP published plans: ${beside} does not exist and YW_SEEDS is not set`;
export const seedPath = (name) => join(SEEDS, name);
export const readSeed = (name) => readFileSync(seedPath(name), 'utf8');

// The project's own test plans (tests/data/plans/).
export const planPath = (name) => fileURLToPath(new URL(`data/plans/${name}`, import.meta.url));
export const readPlan = (name) => readFileSync(planPath(name), 'utf8');
