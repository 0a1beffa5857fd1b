// Conversion, date and time, and cryptographic eval functions.
import { createHash } from 'node:crypto';
import { runtimeError, unsupported } from '../errors.js';
import { asNumber, asString } from '../eval-values.js';
import { formatTime } from '../time.js';
import { toNumber } from '../values.js';
import { type EvalFunction, argumentNode, between, exactly } from './spec.js';

// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/conversion-functions

/** tostring(X, "duration"): [D+]HH:MM:SS. */
function durationText(seconds: number): string {
  const whole = Math.trunc(seconds);
  const days = Math.floor(whole / 86400);
  const hours = String(Math.floor((whole % 86400) / 3600)).padStart(2, '0');
  const minutes = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const rest = String(whole % 60).padStart(2, '0');
  return (days > 0 ? `${days}+` : '') + `${hours}:${minutes}:${rest}`;
}

export const CONVERSION: EvalFunction[] = [
  {
    name: 'tonumber',
    arity: between(1, 2),
    run: (call) => {
      const text = call.text(0);
      if (text === null) return null;
      const base = call.node.args.length > 1 ? call.number(1) : 10;
      if (base === null) return null;
      if (base === 10) return toNumber(text);
      const digits = text.trim().replace(/^0x/i, base === 16 ? '' : '0x');
      if (!/^[0-9a-z]+$/i.test(digits)) return null;
      const n = parseInt(digits, base);
      return Number.isNaN(n) ? null : n;
    },
  },
  {
    name: 'tostring',
    arity: between(1, 2),
    run: (call) => {
      const value = call.value(0);
      if (value === null) return null;
      if (call.node.args.length === 1) return typeof value === 'boolean' ? (value ? 'True' : 'False') : asString(value);
      const format = call.text(1);
      const n = asNumber(value);
      if (format === 'hex') return n === null ? null : '0x' + Math.trunc(n).toString(16).toUpperCase();
      if (format === 'commas') return n === null ? null : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
      if (format === 'duration') return n === null ? null : durationText(n);
      throw runtimeError(`tostring(): unknown format "${format}" (hex, commas or duration)`, call.node.span.start, call.ctx.query);
    },
  },
];

// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/date-and-time-functions
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/cryptographic-functions

/** md5, sha1, sha256, sha512 of the text's UTF-8 bytes, in lower-case hex. */
function digest(algorithm: 'md5' | 'sha1' | 'sha256' | 'sha512'): EvalFunction {
  return {
    name: algorithm,
    arity: exactly(1),
    run: (call) => {
      const text = call.text(0);
      return text === null ? null : createHash(algorithm).update(text, 'utf8').digest('hex');
    },
  };
}

export const TIME_AND_CRYPTOGRAPHIC: EvalFunction[] = [
  {
    name: 'strftime',
    arity: exactly(2),
    run: (call) => {
      const time = call.number(0);
      const format = call.text(1);
      if (time === null || format === null) return null;
      const out = formatTime(time, format);
      if (typeof out !== 'string') throw unsupported(`strftime(): ${out.error}`, argumentNode(call, 1).span.start, call.ctx.query);
      return out;
    },
  },
  digest('md5'),
  digest('sha1'),
  digest('sha256'),
  digest('sha512'),
];

