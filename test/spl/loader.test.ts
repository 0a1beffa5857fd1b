import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../harness/paths.js';
import { loadSplunkRules, parseSplunkRules } from '../../harness/rules/splunk-loader.js';
import { inputErrorOf } from '../support/input-error.js';

test('the catalog YAML of the seed rule loads as published', () => {
  const [rule, ...rest] = loadSplunkRules(fromRoot('rules/splunk/qemu_network_tunneling_windows.yml'));
  expect(rest).toEqual([]);
  expect(rule).toMatchObject({ siem: 'splunk', language: 'spl', format: 'catalog-yaml', id: '29624.53380', name: 'QEMU Network Tunneling - Windows' });
  expect(rule?.query).toBe(
    '`get_endpoint_data` `get_endpoint_data_winevent` (TERM(EventCode=4688) OR "<EventID>4688<" OR Type=Process) "qemu-system-" ("-net " OR "-netdev" OR "-redir" OR "socket" OR "listen" OR "-device" OR "hostfwd=") | table _time, host, user, process, process_*, parent_process_name, parent_process_* | bin span=1s | stats values(*) as * by _time, host ',
  );
  expect(rule?.description.startsWith('QEMU is an open-source machine emulator')).toBe(true);
  expect(rule?.references).toEqual(['https://securelist.com/network-tunneling-with-qemu/111803/']);
  expect(rule?.threat).toEqual([
    {
      framework: 'MITRE ATT&CK',
      tactic: { id: 'TA0011', name: 'Command and Control', reference: 'https://attack.mitre.org/tactics/TA0011/' },
      techniques: [
        { id: 'T1572', name: 'protocol tunneling', reference: 'https://attack.mitre.org/techniques/T1572/' },
        { id: 'T1095', name: 'non-application layer protocol', reference: 'https://attack.mitre.org/techniques/T1095/' },
      ],
    },
  ]);
});

test('a security_content detection YAML loads from its search key', () => {
  // Detection format: https://github.com/splunk/security_content (detections/**/*.yml)
  const yml = [
    'name: Windows QEMU Test',
    'id: 0f2d1a7c-1111-2222-3333-444455556666',
    'description: A test detection.',
    'search: \'`sysmon` EventCode=1 process_name="qemu-system-*" | stats count by dest\'',
    'references:',
    '- https://example.com/a',
    'tags:',
    '  mitre_attack_id:',
    '  - T1572',
  ].join('\n');
  const [rule] = parseSplunkRules(yml, 'windows_qemu_test.yml');
  expect(rule).toMatchObject({ format: 'security-content-yaml', id: '0f2d1a7c-1111-2222-3333-444455556666', name: 'Windows QEMU Test', query: '`sysmon` EventCode=1 process_name="qemu-system-*" | stats count by dest' });
  expect(rule?.threat[0]?.techniques[0]?.id).toBe('T1572');
});

test('savedsearches.conf: every stanza with a search, continuation lines joined', () => {
  // https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/savedsearches.conf
  const dir = mkdtempSync(join(tmpdir(), 'dth-spl-'));
  const file = join(dir, 'savedsearches.conf');
  writeFileSync(
    file,
    ['[default]', 'dispatch.earliest_time = -24h', '', '[QEMU one]', 'search = index=wineventlog \\', '  "qemu-system-" | stats count', 'description = first', '', '[QEMU two]', 'search = index=sysmon qemu*', 'action.correlationsearch.annotations = {"mitre_attack": ["T1572"]}', ''].join('\n'),
  );
  const rules = loadSplunkRules(file);
  expect(rules.map((r) => [r.id, r.query, r.description])).toEqual([
    ['QEMU one', 'index=wineventlog \n  "qemu-system-" | stats count', 'first'],
    ['QEMU two', 'index=sysmon qemu*', ''],
  ]);
  expect(rules[1]?.threat[0]?.techniques[0]?.id).toBe('T1572');
});

test('errors name the file, the key and the reason', () => {
  expect(inputErrorOf(() => parseSplunkRules('title: x\nlogic_format: Sigma\nlogic: a\nid: "1"\n', 'r.yml')).format()).toMatch(/^r\.yml:2:1: key "logic_format": expected "Splunk", found "Sigma"/);
  expect(inputErrorOf(() => parseSplunkRules('id: "1"\nlogic_format: Splunk\nlogic: a\n', 'r.yml')).format()).toMatch(/^r\.yml: key "title": missing/);
  expect(inputErrorOf(() => parseSplunkRules('name: x\nid: y\nsearch: [a]\n', 'r.yml')).format()).toMatch(/^r\.yml:3:1: key "search": expected a string, found a list/);
  expect(inputErrorOf(() => parseSplunkRules('id: x\nquery: a\n', 'r.yml')).message).toMatch(/not a Splunk rule/);
  expect(inputErrorOf(() => parseSplunkRules('id: [x\n', 'r.yml')).format()).toMatch(/^r\.yml:\d+:\d+: not valid YAML/);
  expect(inputErrorOf(() => parseSplunkRules('[a]\ndescription = x\n', 'saved.conf')).message).toMatch(/no stanza has a "search" setting/);
  expect(inputErrorOf(() => loadSplunkRules('/no/such/file.yml')).message).toMatch(/cannot read rule file/);
});
