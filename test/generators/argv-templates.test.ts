// Argv templates: a population's options that are the same in every launch are built once, frozen,
// and rendered once (generators/qemu/render.ts constantOption). Launches must render exactly as if
// every option were rendered afresh, share the constant options, and be unable to edit them.
import { expect, test } from '@playwright/test';
import { makeHost, makeOrganisation } from '../../generators/context/hosts.js';
import { Rng } from '../../generators/context/rng.js';
import { buildLaunch } from '../../generators/generate.js';
import { populationById } from '../../generators/populations/index.js';
import { cloneInvocation, flag, opts } from '../../generators/qemu/model.js';
import { constantOption, renderArgv } from '../../generators/qemu/render.js';
import { prop } from '../../generators/qemu/values.js';
import { loadPack } from '../../generators/scenario-pack.js';

function packLaunches(launchesPerScenario: number) {
  const pack = loadPack();
  const rng = new Rng(11);
  const org = makeOrganisation(rng);
  return pack.scenarios.flatMap((scenario) =>
    scenario.os.flatMap((os) => {
      const population = populationById(scenario.population);
      if (population === undefined) throw new Error(`no population ${scenario.population}`);
      const host = makeHost(rng, os, population.hostProfile, org);
      return Array.from({ length: launchesPerScenario }, () => ({ id: `${scenario.id}/${os}`, launch: buildLaunch(scenario, os, rng, host) }));
    }),
  );
}

test('every launch of the pack renders the same argv with its templates as with every option rendered afresh', () => {
  // cloneInvocation copies every option, and a copy is never a template: it is rendered from the model.
  const launches = packLaunches(5);
  const differing = launches.filter(({ launch }) => JSON.stringify(renderArgv(launch.invocation)) !== JSON.stringify(renderArgv(cloneInvocation(launch.invocation))));
  expect(differing.map((l) => l.id)).toEqual([]);
  expect(launches.length).toBeGreaterThan(300);
});

test('template options are shared by the launches of a population, not rebuilt per launch', () => {
  const lima = packLaunches(2).filter((l) => l.id.startsWith('lima-vms/'));
  const [first, second] = lima;
  if (first === undefined || second === undefined) throw new Error('the pack has no lima-vms launches');
  const shared = first.launch.invocation.options.filter((o) => second.launch.invocation.options.includes(o));
  // -boot, the SCSI controller and CD, the devices after the network, -serial and -qmp.
  expect(shared.length).toBeGreaterThanOrEqual(12);
});

test('a template option renders like the option it was made from, and cannot be edited in place', () => {
  const template = constantOption(opts('netdev', 'hubport', [prop('id', 'p0'), prop('hubid', '0')]));
  const fresh = opts('netdev', 'hubport', [prop('id', 'p0'), prop('hubid', '0')]);
  const invocation = (option: typeof fresh) => ({ os: 'linux' as const, binary: { path: '/usr/bin/qemu-system-x86_64', argv0: 'qemu-system-x86_64', arch: 'x86_64' as const }, options: [option, flag('nographic')], configFiles: [], defaultConfig: null });
  expect(renderArgv(invocation(template))).toEqual(renderArgv(invocation(fresh)));
  expect(renderArgv(invocation(template))).toEqual(['qemu-system-x86_64', '-netdev', 'hubport,id=p0,hubid=0', '-nographic']);
  expect(() => template.props.push(prop('x', 'y'))).toThrow(TypeError);
  expect(() => {
    (template.props[0] as { value: unknown }).value = 'p1';
  }).toThrow(TypeError);
  expect(() => {
    (template as { head: unknown }).head = 'user';
  }).toThrow(TypeError);
});
