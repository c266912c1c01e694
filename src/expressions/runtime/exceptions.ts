// .NET exceptions raised by expressions, and the interpreter's own limits. A DotNetException is
// catchable by `try/catch` inside an expression; the simulator turns an uncaught one into the
// gateway's ExpressionValueEvaluationFailure. A LimitExceeded is never catchable by user code.

import type { Span } from '../../common/span';

/** Base types of the exceptions we raise, for `catch (ArgumentException)` and the like. */
const BASES: Record<string, string> = {
  'System.SystemException': 'System.Exception',
  'System.ArgumentException': 'System.SystemException',
  'System.ArgumentNullException': 'System.ArgumentException',
  'System.ArgumentOutOfRangeException': 'System.ArgumentException',
  'System.ArithmeticException': 'System.SystemException',
  'System.DivideByZeroException': 'System.ArithmeticException',
  'System.OverflowException': 'System.ArithmeticException',
  'System.FormatException': 'System.SystemException',
  'System.IndexOutOfRangeException': 'System.SystemException',
  'System.InvalidCastException': 'System.SystemException',
  'System.InvalidOperationException': 'System.SystemException',
  'System.NotSupportedException': 'System.SystemException',
  'System.NullReferenceException': 'System.SystemException',
  'System.Collections.Generic.KeyNotFoundException': 'System.SystemException',
  'System.Text.RegularExpressions.RegexMatchTimeoutException': 'System.TimeoutException',
  'System.TimeoutException': 'System.SystemException',
  'Newtonsoft.Json.JsonReaderException': 'Newtonsoft.Json.JsonException',
  'Newtonsoft.Json.JsonException': 'System.Exception',
  'System.Security.Cryptography.CryptographicException': 'System.SystemException',
  'System.Xml.XmlException': 'System.SystemException',
  'System.UriFormatException': 'System.FormatException',
};

export class DotNetException extends Error {
  /** Where in the document it was raised, when known. */
  span?: Span;

  constructor(
    /** Full .NET type name, `System.FormatException`. */
    readonly type: string,
    message: string,
    readonly inner?: DotNetException,
  ) {
    super(message);
    this.name = type.slice(type.lastIndexOf('.') + 1);
  }

  /** Whether this exception is of `type` or derives from it. */
  isA(type: string): boolean {
    for (let t: string | undefined = this.type; t; t = BASES[t]) if (t === type) return true;
    return type === 'System.Exception' || type === 'System.Object';
  }
}

export const nullReference = (what?: string): DotNetException =>
  new DotNetException('System.NullReferenceException', what ? `Object reference not set to an instance of an object (${what} is null).` : 'Object reference not set to an instance of an object.');

export const argumentNull = (param: string): DotNetException => new DotNetException('System.ArgumentNullException', `Value cannot be null. (Parameter '${param}')`);

export const formatError = (message = 'Input string was not in a correct format.'): DotNetException => new DotNetException('System.FormatException', message);

export const invalidCast = (from: string, to: string): DotNetException => new DotNetException('System.InvalidCastException', `Unable to cast object of type '${from}' to type '${to}'.`);

export const overflow = (message = 'Arithmetic operation resulted in an overflow.'): DotNetException => new DotNetException('System.OverflowException', message);

export const keyNotFound = (key: string): DotNetException => new DotNetException('System.Collections.Generic.KeyNotFoundException', `The given key '${key}' was not present in the dictionary.`);

export const indexOutOfRange = (): DotNetException => new DotNetException('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');

export const argumentOutOfRange = (param: string, message = 'Index was out of range. Must be non-negative and less than the size of the collection.'): DotNetException =>
  new DotNetException('System.ArgumentOutOfRangeException', `${message} (Parameter '${param}')`);

export const invalidOperation = (message: string): DotNetException => new DotNetException('System.InvalidOperationException', message);

export type LimitKind = 'steps' | 'recursion' | 'regexTimeout' | 'memory';

/** The interpreter stopped a runaway expression. Not a .NET exception: user code cannot catch it. */
export class LimitExceeded extends Error {
  span?: Span;
  constructor(
    readonly limit: LimitKind,
    message: string,
  ) {
    super(message);
    this.name = 'LimitExceeded';
  }
}

/** A construct that parses but that the interpreter cannot run (yet); says so clearly. */
export class NotSupportedByInterpreter extends Error {
  span?: Span;
  constructor(message: string) {
    super(message);
    this.name = 'NotSupportedByInterpreter';
  }
}

/**
 * The simulator's memory budget for one value: a string of at most this many characters. A
 * gateway has its own limits; past this one the expression gets .NET's OutOfMemoryException rather
 * than taking the simulator (or the editor) down with it. [U] The gateway's real limit is not
 * documented; change it here.
 */
export const MAX_STRING_CHARS = 16 * 1024 * 1024;

export const outOfMemory = (what: string): DotNetException =>
  new DotNetException('System.OutOfMemoryException', `Exception of type 'System.OutOfMemoryException' was thrown. (${what} is over the simulator's memory budget of ${MAX_STRING_CHARS.toLocaleString('en-US')} characters.)`);

/** A string of `length` characters about to be made: refused over the budget. */
export function checkStringSize(length: number, what = 'The string'): void {
  if (length > MAX_STRING_CHARS) throw outOfMemory(`${what} (${length.toLocaleString('en-US')} characters)`);
}

/**
 * An error of the JavaScript host (a string or array too large, a stack overflow, an XML parser's
 * nesting limit) as the .NET exception the gateway would raise; undefined for anything else.
 */
export function hostLimitException(e: unknown): DotNetException | undefined {
  if (!(e instanceof Error) || e instanceof DotNetException) return undefined;
  const m = e.message;
  if (e instanceof RangeError && /Invalid (string|array|typed array) length|Array buffer allocation failed|Invalid array buffer length/i.test(m)) return outOfMemory('The value');
  if (e instanceof RangeError && /Maximum call stack size exceeded/i.test(m)) return new DotNetException('System.InsufficientExecutionStackException', 'Insufficient stack to continue executing the program safely: the value is nested too deeply.');
  if (/Maximum nested tags exceeded|nested too deep/i.test(m)) return new DotNetException('System.Xml.XmlException', 'The XML is nested too deeply.');
  return undefined;
}