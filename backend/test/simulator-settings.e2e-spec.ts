import { loginAdmin, registerUser, type Session } from './support';
import { createRun, specIdOf, startRunsHarness, waitForRun, type RunsHarness } from './runs/support';

/**
 * The simulator's failure rate set in the admin console (not the environment) takes effect in worker processes:
 * at 1 every attempt fails and the run pauses; back at 0 a rerun passes.
 */
describe('simulator settings from the admin console', () => {
  let h: RunsHarness;
  let admin: Session;
  let owner: Session;

  beforeAll(async () => {
    h = await startRunsHarness({ env: { ESY_SIMULATOR_FAIL_RATE: '0' } });
    admin = await loginAdmin(h.t.http);
    owner = await registerUser(h.t.http);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('pauses runs while the failure rate is 1 and lets a rerun pass once it is back to 0', async () => {
    await h.t.http.put('/api/admin/settings').set(admin.auth).send({ simulator_fail_rate: 1 }).expect(200);
    // Workers look for changed settings every few seconds; let them notice before the run starts.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const specId = await specIdOf(h.t.http, owner.auth);
    const { id } = await createRun(h.t.http, owner.auth, specId);
    const paused = await waitForRun(h.t.http, owner.auth, id, ['paused', 'completed'], 120_000);
    expect(paused.run.status).toBe('paused');
    expect(paused.gates[0]).toMatchObject({ gate_id: 'G1', status: 'failed', simulated: true });

    await h.t.http.put('/api/admin/settings').set(admin.auth).send({ simulator_fail_rate: 0 }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await h.t.http.post(`/api/admin/runs/${id}/gates/G1/rerun`).set(admin.auth).send({}).expect(200);
    const completed = await waitForRun(h.t.http, owner.auth, id, ['completed', 'paused'], 120_000);
    expect(completed.run.status).toBe('completed');
  }, 300_000);
});
