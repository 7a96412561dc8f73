/**
 * Evaluates the definition of an `iseval = 1` macro when it is a constant string expression:
 * string and number literals joined with `.` or `+`, in parentheses. Anything else (a field, a
 * function) needs Splunk's evaluator at search time, so we report that it cannot be expanded locally.
 */
export type EvalOutcome = { ok: true; value: string } | { ok: false; reason: string };

type Token = { kind: 'string' | 'number' | 'op' | 'open' | 'close'; text: string; offset: number };

export function evaluateConstantExpression(source: string): EvalOutcome {
  const tokenized = tokenize(source);
  if (!Array.isArray(tokenized)) return tokenized;
  const tokens: Token[] = tokenized;
  let position = 0;
  const fail = (reason: string): EvalOutcome => ({ ok: false, reason });

  function primary(): EvalOutcome {
    const token = tokens[position] as Token | undefined;
    if (!token) return fail('the expression ends too early');
    position++;
    if (token.kind === 'string' || token.kind === 'number') return { ok: true, value: token.text };
    if (token.kind === 'open') {
      const inner = concatenation();
      if (!inner.ok) return inner;
      if (tokens[position]?.kind !== 'close') return fail(`expected ')' at offset ${token.offset}`);
      position++;
      return inner;
    }
    return fail(`unexpected '${token.text}' at offset ${token.offset}`);
  }

  function concatenation(): EvalOutcome {
    let left = primary();
    while (left.ok && tokens[position]?.kind === 'op') {
      position++;
      const right = primary();
      if (!right.ok) return right;
      left = { ok: true, value: left.value + right.value };
    }
    return left;
  }

  const result = concatenation();
  if (result.ok && position < tokens.length) return fail(`unexpected '${tokens[position].text}' at offset ${tokens[position].offset}`);
  return result;
}

function tokenize(source: string): Token[] | EvalOutcome {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        value += source[j];
        j++;
      }
      if (j >= source.length) return { ok: false, reason: `unterminated string at offset ${i}` };
      tokens.push({ kind: 'string', text: value, offset: i });
      i = j + 1;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', text: match[0], offset: i });
      i += match[0].length;
    } else if (ch === '.' || ch === '+') {
      tokens.push({ kind: 'op', text: ch, offset: i });
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'open' : 'close', text: ch, offset: i });
      i++;
    } else {
      const word = /^[^\s()."+]+/.exec(source.slice(i))?.[0] ?? ch;
      return { ok: false, reason: `'${word}' is not a constant (a field or function needs Splunk to evaluate)` };
    }
  }
  return tokens;
}
