/**
 * A small schema builder: each schema is its own JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12 as is)
 * and its own validator, with the TypeScript type inferred from it. We use it instead of a general library
 * because it costs a few KB per bundle instead of hundreds, and the document can never drift from the check.
 */

export type JsonSchema = { readonly [keyword: string]: unknown };

export interface Issue {
  path: string;
  message: string;
}

export interface Schema<T> {
  readonly json: JsonSchema;
  /** Returns the checked (and, for objects, freshly built) value, or records issues and returns undefined. */
  check(value: unknown, path: string, issues: Issue[]): T | undefined;
  /** Query strings and path segments arrive as text; schemas of numbers convert them first. */
  readonly fromText?: (text: string) => unknown;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

function withDescription(json: JsonSchema, description: string | undefined): JsonSchema {
  return description === undefined ? json : { ...json, description };
}

/** A rule a kind of string brings with it, defined once here; its pattern is what the document shows. */
interface BuiltInRule {
  pattern: RegExp;
  /** Said in the error, after "Must be". */
  hint: string;
  maxLength?: number;
}

/** Free text shown to people or put into an email; each such field states its kind. */
export type TextKind = 'single-line' | 'multi-line';

/**
 * What free text may never hold besides the C0 controls: DEL and the C1 controls, the line and paragraph
 * separators, and the bidirectional overrides and isolates, which make a title display otherwise than it reads.
 */
const NEVER_IN_TEXT = '\\u007F-\\u009F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
const NOT_IN_TEXT = 'control characters, line or paragraph separators, or bidirectional overrides and isolates';

const TEXT_RULES: Record<TextKind, BuiltInRule> = {
  'single-line': { pattern: new RegExp(`^[^\\u0000-\\u001F${NEVER_IN_TEXT}]*$`), hint: `one line of text, without ${NOT_IN_TEXT}` },
  // Paragraphs keep their line feeds and tabs; a carriage return is refused like any other control.
  'multi-line': {
    pattern: new RegExp(`^[^\\u0000-\\u0008\\u000B-\\u001F${NEVER_IN_TEXT}]*$`),
    hint: `text without ${NOT_IN_TEXT} (line feeds and tabs may stay)`,
  },
};

/** RFC 5322 atext: what each dot-separated part of a plain (dot-atom) local part is made of. */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const TOP_LEVEL_DOMAIN = '[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]';

/**
 * One plain address, `local@domain` and nothing else: no display name, quoted local part, comment, list or line
 * break that SES or a mail client could read as a name or as more than one address.
 */
export const EMAIL_ADDRESS = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${DOMAIN_LABEL}\\.)+${TOP_LEVEL_DOMAIN}$`);

// 254 characters: the longest address an SMTP path can carry.
const EMAIL_RULE: BuiltInRule = { pattern: EMAIL_ADDRESS, hint: 'one plain email address such as jane@example.org', maxLength: 254 };

interface CommonStringRules {
  minLength?: number;
  maxLength?: number;
  description?: string;
  example?: string;
}

/** A pattern of the field's own, a kind of free text or an email address: JSON Schema has a single `pattern`. */
type PatternRules =
  | {
      pattern?: RegExp;
      /** Said in the error when the pattern does not match, e.g. "lowercase words joined by hyphens". */
      patternHint?: string;
      format?: 'date-time' | 'uri';
      text?: never;
    }
  | { text: TextKind; pattern?: never; patternHint?: never; format?: never }
  /** Always the plain address of EMAIL_ADDRESS, at most 254 characters. */
  | { format: 'email'; pattern?: never; patternHint?: never; text?: never };

export type StringRules = CommonStringRules & PatternRules;

export function string(rules: StringRules = {}): Schema<string> {
  const { minLength, pattern, patternHint, format, text, description, example } = rules;
  const builtIn = text !== undefined ? TEXT_RULES[text] : format === 'email' ? EMAIL_RULE : undefined;
  const rule = builtIn ?? (pattern && { pattern, hint: patternHint ?? `a string matching ${pattern.source}` });
  const maxLength = rules.maxLength ?? builtIn?.maxLength;
  return {
    json: withDescription(
      {
        type: 'string',
        ...(minLength !== undefined && { minLength }),
        ...(maxLength !== undefined && { maxLength }),
        ...(rule && { pattern: rule.pattern.source }),
        ...(format && { format }),
        ...(example !== undefined && { examples: [example] }),
      },
      description,
    ),
    check(value, path, issues) {
      if (typeof value !== 'string') {
        issues.push({ path, message: `Expected a string, got ${kindOf(value)}.` });
        return undefined;
      }
      // Length in code points, as JSON Schema counts it.
      const length = [...value].length;
      if (minLength !== undefined && length < minLength) {
        issues.push({ path, message: `Must be at least ${minLength} character${minLength === 1 ? '' : 's'} long.` });
      } else if (maxLength !== undefined && length > maxLength) {
        issues.push({ path, message: `Must be at most ${maxLength} characters long.` });
      } else if (rule && !rule.pattern.test(value)) {
        issues.push({ path, message: `Must be ${rule.hint}.` });
      } else {
        return value;
      }
      return undefined;
    },
  };
}

export interface IntegerRules {
  minimum?: number;
  maximum?: number;
  default?: number;
  description?: string;
}

export function integer(rules: IntegerRules = {}): Schema<number> {
  const { minimum, maximum, description } = rules;
  return {
    json: withDescription(
      {
        type: 'integer',
        ...(minimum !== undefined && { minimum }),
        ...(maximum !== undefined && { maximum }),
        ...(rules.default !== undefined && { default: rules.default }),
      },
      description,
    ),
    fromText: (text) => (/^-?\d{1,15}$/.test(text) ? Number(text) : text),
    check(value, path, issues) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        issues.push({ path, message: `Expected an integer, got ${kindOf(value)}.` });
      } else if (minimum !== undefined && value < minimum) {
        issues.push({ path, message: `Must be at least ${minimum}.` });
      } else if (maximum !== undefined && value > maximum) {
        issues.push({ path, message: `Must be at most ${maximum}.` });
      } else {
        return value;
      }
      return undefined;
    },
  };
}

export function boolean(description?: string): Schema<boolean> {
  return {
    json: withDescription({ type: 'boolean' }, description),
    fromText: (text) => (text === 'true' ? true : text === 'false' ? false : text),
    check(value, path, issues) {
      if (typeof value === 'boolean') return value;
      issues.push({ path, message: `Expected true or false, got ${kindOf(value)}.` });
      return undefined;
    },
  };
}

export function oneOf<const V extends string>(values: readonly V[], description?: string): Schema<V> {
  return {
    json: withDescription({ type: 'string', enum: values }, description),
    check(value, path, issues) {
      if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as V;
      issues.push({ path, message: `Must be one of: ${values.join(', ')}.` });
      return undefined;
    },
  };
}

export function array<T>(items: Schema<T>, rules: { maxItems?: number; description?: string } = {}): Schema<T[]> {
  const { maxItems, description } = rules;
  return {
    json: withDescription({ type: 'array', items: items.json, ...(maxItems !== undefined && { maxItems }) }, description),
    check(value, path, issues) {
      if (!Array.isArray(value)) {
        issues.push({ path, message: `Expected an array, got ${kindOf(value)}.` });
        return undefined;
      }
      if (maxItems !== undefined && value.length > maxItems) {
        issues.push({ path, message: `Must have at most ${maxItems} items.` });
        return undefined;
      }
      const before = issues.length;
      const checked = value.map((item, index) => items.check(item, `${path}[${index}]`, issues));
      return issues.length === before ? (checked as T[]) : undefined;
    },
  };
}

/** Any JSON value; only for documenting responses, never for checking input. */
export function unknownValue(description?: string): Schema<unknown> {
  return { json: withDescription({}, description), check: (value) => value };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    json: { anyOf: [inner.json, { type: 'null' }] },
    check: (value, path, issues) => (value === null ? null : inner.check(value, path, issues)),
  };
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    json: inner.json,
    optional: true,
    ...(inner.fromText && { fromText: inner.fromText }),
    check: (value, path, issues) => (value === undefined ? undefined : inner.check(value, path, issues)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Infer<S[K]>;
};

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  readonly shape: S;
}

const isOptional = (schema: Schema<unknown>): boolean => (schema as Partial<OptionalSchema<unknown>>).optional === true;

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** A closed object: unknown keys are refused (the contract says so), which also keeps `__proto__` out. */
export function object<S extends Shape>(shape: S, description?: string): ObjectSchema<S> {
  const keys = Object.keys(shape);
  const required = keys.filter((key) => !isOptional(shape[key]!));
  return {
    shape,
    json: withDescription(
      {
        type: 'object',
        properties: Object.fromEntries(keys.map((key) => [key, shape[key]!.json])),
        ...(required.length > 0 && { required }),
        additionalProperties: false,
      },
      description,
    ),
    check(value, path, issues) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        issues.push({ path, message: `Expected an object, got ${kindOf(value)}.` });
        return undefined;
      }
      const input = value as Record<string, unknown>;
      const before = issues.length;
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key)) issues.push({ path: join(path, key), message: 'Unknown field.' });
      }
      const output: Record<string, unknown> = {};
      for (const key of keys) {
        const present = Object.hasOwn(input, key) && input[key] !== undefined;
        if (!present) {
          if (!isOptional(shape[key]!)) issues.push({ path: join(path, key), message: 'Required.' });
          continue;
        }
        output[key] = shape[key]!.check(input[key], join(path, key), issues);
      }
      return issues.length === before ? (output as ObjectOf<S>) : undefined;
    },
  };
}

/** Named schemas, found anywhere in a tree by their JSON object; filled by `component`. */
const namedByJson = new WeakMap<JsonSchema, string>();

/** Names a schema so the OpenAPI document lists it once under components and refers to it elsewhere. */
export function component<S extends Schema<unknown>>(name: string, inner: S): S {
  namedByJson.set(inner.json, name);
  return inner;
}

/** The JSON Schema as it stands in the OpenAPI document: named schemas become `$ref`s into `components`. */
export function documented(schema: Schema<unknown>, components: Record<string, JsonSchema>): JsonSchema {
  return replaceNamed(schema.json, components, new Set());
}

function replaceNamed(json: JsonSchema, components: Record<string, JsonSchema>, seen: Set<JsonSchema>): JsonSchema {
  const name = namedByJson.get(json);
  if (name === undefined) return rewrite(json, components, seen);
  if (!seen.has(json)) {
    seen.add(json);
    components[name] = rewrite(json, components, seen);
  }
  return { $ref: `#/components/schemas/${name}` };
}

function rewrite(json: JsonSchema, components: Record<string, JsonSchema>, seen: Set<JsonSchema>): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(json)) {
    if (keyword === 'properties') {
      out[keyword] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([key, child]) => [key, replaceNamed(child, components, seen)]),
      );
    } else if (keyword === 'items') {
      out[keyword] = replaceNamed(value as JsonSchema, components, seen);
    } else if (keyword === 'anyOf') {
      out[keyword] = (value as JsonSchema[]).map((child) => replaceNamed(child, components, seen));
    } else {
      out[keyword] = value;
    }
  }
  return out;
}
