import { expect, test } from '@playwright/test';
import { ev, ids } from './helpers.js';


test('a bare term matches a whole index term, not part of a word', () => {
  // Terms are whole segments; reaching longer words needs a wildcard:
  // https://help.splunk.com/splunk-enterprise/search/search-manual/9.3/search-primer/wildcards
  const events = [ev('a', 'qemu -netdev socket,id=s,listen=:4444'), ev('b', 'the listener started'), ev('c', 'LISTEN now')];
  expect(ids(events, 'listen')).toEqual(['a', 'c']);
  expect(ids(events, 'listen*')).toEqual(['a', 'b', 'c']);
});

test('a quoted phrase needs its index terms and its exact text in _raw, case-insensitively', () => {
  // Quoted phrases match the phrase, unquoted words anywhere:
  // https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/search-primer
  // Terms with breakers are looked up as their sub-terms, then checked in the raw text:
  // https://docs.splunk.com/Documentation/Splunk/6.4.11/Search/UseCASEandTERMtomatchphrases
  const events = [
    ev('net', 'qemu-system-x86_64.exe -net nic -net user'),
    ev('netdev', 'qemu-system-x86_64.exe -netdev user,id=n0'),
    ev('endofline', 'qemu-system-x86_64.exe -net'),
    ev('tab', 'qemu-system-x86_64.exe -net\tuser'),
    ev('upper', 'QEMU-SYSTEM-X86_64.EXE -NET user'),
  ];
  expect(ids(events, '"-net "')).toEqual(['net', 'upper']);
  expect(ids(events, '"-netdev"')).toEqual(['netdev']);
  expect(ids(events, '"qemu-system-"')).toEqual(['net', 'netdev', 'endofline', 'tab', 'upper']);
  expect(ids(events, 'web error')).toEqual([]);
});

test('a phrase with major breakers inside (XML) is matched through its sub-terms and the literal text', () => {
  // https://docs.splunk.com/Documentation/Splunk/6.4.11/Search/UseCASEandTERMtomatchphrases
  const events = [ev('xml', '<EventID>4688</EventID><Data>x</Data>'), ev('sysmon', '<EventID>1</EventID><Data>4688</Data>')];
  expect(ids(events, '"<EventID>4688<"')).toEqual(['xml']);
});

test('"-netdev" matches inside "--netdev" (-- is a major breaker; the text is still there)', () => {
  // The token netdev exists (-- is a major breaker: segmenters.conf MAJOR) and the text -netdev is in
  // _raw; https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/event-segmentation-and-searching
  expect(ids([ev('dd', 'qemu --netdev user,id=n0')], '"-netdev"')).toEqual(['dd']);
});

test('TERM() needs the whole string between major breakers', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases
  const classic = ev('classic', 'LogName=Security\r\nEventCode=4688\r\nType=Information');
  const xml = ev('xml', '<EventID>4688</EventID>');
  const embedded = ev('embedded', 'x=1,EventCode=4688;y');
  const partial = ev('partial', 'ip=127.0.0.1');
  expect(ids([classic, xml, embedded], 'TERM(EventCode=4688)')).toEqual(['classic', 'embedded']);
  expect(ids([classic], 'TERM(eventcode=4688)')).toEqual(['classic']);
  expect(ids([partial], 'TERM(127.0.0.1)')).toEqual([]);
  expect(ids([partial], 'TERM(ip=127.0.0.1)')).toEqual(['partial']);
  expect(ids([partial], '127.0.0.1')).toEqual(['partial']);
  // A minor piece is an index term too; a string with a major breaker never is.
  expect(ids([classic], 'TERM(4688)')).toEqual(['classic']);
  expect(ids([xml], 'TERM(<EventID>4688<)')).toEqual([]);
  expect(ids([ev('fwd', 'hostfwd=tcp::2222-:22')], 'TERM(tcp::2222-:22)')).toEqual([]);
  // A wildcard inside TERM() matches any index term, a minor piece included.
  expect(ids([ev('p', 'C:\\qemu\\x.exe')], 'TERM(qemu*)')).toEqual(['p']);
  expect(ids([ev('p', 'C:\\qemu\\x.exe')], 'TERM(c:\\qemu*)')).toEqual(['p']);
});

test('CASE() makes a term case-sensitive', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases
  const events = [ev('upper', 'Error found'), ev('lower', 'error found'), ev('phrase', 'an Error Found')];
  expect(ids(events, 'CASE(Error)')).toEqual(['upper', 'phrase']);
  expect(ids(events, 'error')).toEqual(['upper', 'lower', 'phrase']);
  expect(ids(events, 'CASE("Error found")')).toEqual(['upper']);
});

test('wildcards match index terms by prefix, suffix or infix, and may span minor breakers within a segment', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/9.3/search-primer/wildcards
  const events = [ev('a', 'qemu-system-x86_64.exe -netdev user,hostfwd=tcp::2222-:22'), ev('b', 'myhost.ny.mydomain.com'), ev('c', 'nothing here')];
  expect(ids(events, 'qemu*')).toEqual(['a']);
  expect(ids(events, '*fwd*')).toEqual(['a']);
  expect(ids(events, 'my*')).toEqual(['b']);
  expect(ids(events, 'myhost.ny*')).toEqual(['b']);
  expect(ids(events, 'qemu-sys*')).toEqual(['a']);
  expect(ids(events, 'host*22')).toEqual(['a']);
  expect(ids(events, '*')).toEqual(['a', 'b', 'c']);
});

test('OR binds tighter than the implicit AND in the search command; NOT binds tightest', () => {
  // https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
  const events = [ev('a', 'a'), ev('b', 'b'), ev('c', 'c'), ev('ac', 'a c'), ev('bc', 'b c')];
  expect(ids(events, 'a OR b c')).toEqual(['ac', 'bc']);
  expect(ids(events, 'c a OR b')).toEqual(['ac', 'bc']);
  expect(ids(events, 'a AND b OR c')).toEqual(['ac']);
  expect(ids(events, '(a AND b) OR c')).toEqual(['c', 'ac', 'bc']);
  expect(ids(events, 'NOT a c')).toEqual(['c', 'bc']);
  expect(ids(events, 'NOT (a OR b)')).toEqual(['c']);
  // Lower-case operators are ordinary search terms.
  expect(ids([ev('or', 'x or y'), ev('x', 'x')], 'x or')).toEqual(['or']);
});

test('an unparenthesised OR inside a macro still binds tighter than the AND around it', () => {
  // Macros expand as text; security_content's `wineventlog_security` relies on OR precedence:
  // https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.3/expressions-and-predicates
  const events = [ev('sec', 'EventCode=5136', { source: 'WinEventLog:Security' }), ev('other', 'EventCode=5136', { source: 'other' }), ev('nocode', 'EventCode=1', { source: 'WinEventLog:Security' })];
  expect(ids(events, 'source=WinEventLog:Security OR source=x EventCode=5136')).toEqual(['sec']);
});

test('field=value compares search-time field values case-insensitively, with wildcards', () => {
  // Field names are case-sensitive (https://docs.splunk.com/Splexicon:Field); values are not
  // (https://help.splunk.com/splunk-enterprise/search/search-manual/10.0/search-primer/use-case-and-term-to-match-phrases).
  // Wildcards in values: https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/search-command/search-command-examples
  const events = [ev('a', 'action=Purchase status=404'), ev('b', 'action=view status=200'), ev('c', 'Action=purchase')];
  expect(ids(events, 'action=purchase')).toEqual(['a']);
  expect(ids(events, 'action=PURCHASE')).toEqual(['a']);
  expect(ids(events, 'status=4*')).toEqual(['a']);
  expect(ids(events, 'Action=purchase')).toEqual(['c']);
  expect(ids(events, 'action = view')).toEqual(['b']);
  expect(ids(events, 'action=*')).toEqual(['a', 'b']);
  expect(ids(events, 'CASE(action=Purchase)')).toEqual(['a']);
  expect(ids(events, 'CASE(action=purchase)')).toEqual([]);
});

test('field!=value needs the field; NOT field=value does not', () => {
  // https://docs.splunk.com/Documentation/Splunk/9.0.9/Search/NOTexpressions
  const events = [ev('x', 'Type=Information'), ev('p', 'Type=Process'), ev('none', 'no type here')];
  expect(ids(events, 'Type=Process')).toEqual(['p']);
  expect(ids(events, 'Type!=Process')).toEqual(['x']);
  expect(ids(events, 'NOT Type=Process')).toEqual(['x', 'none']);
});

test('field=value also needs the value as index terms of the event (INDEXED_VALUE defaults to true)', () => {
  // fields.conf INDEXED_VALUE: https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/fields.conf
  // The Windows add-on computes action=allowed for 4688 (the text "allowed" is not in the event), so
  // `action=allowed` in the base search finds nothing, while `| search action=allowed` does.
  const r = {
    _raw: "<Event><System><EventID>4688</EventID><Keywords>0x8020000000000000</Keywords><Channel>Security</Channel></System><EventData><Data Name='NewProcessName'>C:\\x.exe</Data></EventData></Event>",
    _time: 1_700_000_000,
    host: 'h',
    source: 'XmlWinEventLog:Security',
    sourcetype: 'XmlWinEventLog',
    index: 'wineventlog',
    _id: 'x',
  };
  expect(ids([r], 'action=allowed')).toEqual([]);
  expect(ids([r], '* | search action=allowed')).toEqual(['x']);
  expect(ids([r], 'EventCode=4688')).toEqual(['x']);
});

test('comparisons: numbers numerically, other values lexicographically', () => {
  // https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/search-command/search-command-examples
  const events = [ev('5', 'xqp=5'), ev('10', 'xqp=10'), ev('s', 'xqp=abc')];
  expect(ids(events, 'xqp>5')).toEqual(['10']);
  expect(ids(events, 'xqp>=5 xqp<100')).toEqual(['5', '10']);
  expect(ids(events, 'xqp>aaa')).toEqual(['s']);
});

test('field IN (values) matches any of the values, wildcards allowed', () => {
  // https://splunk.com/en_us/blog/tips-and-tricks/smooth-operator-searching-for-multiple-field-values.html
  const events = [ev('400', 'error_code=400'), ev('404', 'error_code=404'), ev('500', 'error_code=500')];
  expect(ids(events, 'error_code IN (400, 404)')).toEqual(['400', '404']);
  expect(ids(events, 'error_code IN (40*)')).toEqual(['400', '404']);
  expect(ids(events, 'NOT error_code IN (40*)')).toEqual(['500']);
});

test('index, sourcetype, source and host select by metadata, case-insensitively with wildcards', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
  const events = [
    ev('x', 'e', { index: 'wineventlog', sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Security', host: 'WS01' }),
    ev('c', 'e', { index: 'wineventlog', sourcetype: 'WinEventLog', source: 'WinEventLog:Security', host: 'WS02' }),
    ev('l', 'e', { index: 'linux', sourcetype: 'linux:audit', source: '/var/log/audit/audit.log', host: 'lin1' }),
  ];
  expect(ids(events, 'index=wineventlog')).toEqual(['x', 'c']);
  expect(ids(events, 'sourcetype=xmlwineventlog')).toEqual(['x']);
  expect(ids(events, 'source=*Security')).toEqual(['x', 'c']);
  expect(ids(events, 'host=ws0*')).toEqual(['x', 'c']);
  expect(ids(events, 'index!=linux')).toEqual(['x', 'c']);
});

test('search escapes: \\\\ is a backslash, \\" a quote; other sequences keep their backslash', () => {
  // https://help.splunk.com/splunk-enterprise/search/search-manual/9.4/search-primer/backslashes
  const events = [ev('path', 'image=C:\\Windows\\cmd.exe'), ev('quote', 'say "hi" now')];
  expect(ids(events, '"C:\\\\Windows\\\\cmd.exe"')).toEqual(['path']);
  expect(ids(events, 'image="C:\\\\Windows\\\\*"')).toEqual(['path']);
  expect(ids(events, '"say \\"hi\\""')).toEqual(['quote']);
});

test('earliest= and latest= with absolute epoch times bound _time', () => {
  // https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/search
  const events = [ev('old', 'x', { _time: 100 }), ev('new', 'x', { _time: 200 })];
  expect(ids(events, 'earliest=150 x')).toEqual(['new']);
  expect(ids(events, 'latest=150 x')).toEqual(['old']);
});
