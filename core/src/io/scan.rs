//! A byte scanner over the input that knows its line and column, can hand out whole lines
//! (the fast path for JSON lines) and can give a line back when the value spans several lines
//! (then the value is streamed from the scanner itself).

use std::io::{self, BufRead, Read};

/// Where the next byte is: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: u64,
    pub column: u64,
}

pub(crate) struct Scanner<'a> {
    inner: &'a mut (dyn BufRead + Send),
    pushback: Vec<u8>,
    pushback_at: usize,
    pub position: Position,
}

impl<'a> Scanner<'a> {
    pub fn new(inner: &'a mut (dyn BufRead + Send)) -> Self {
        Scanner { inner, pushback: Vec::new(), pushback_at: 0, position: Position { line: 1, column: 1 } }
    }

    fn advance(&mut self, bytes: &[u8]) {
        advance(&mut self.position, bytes);
    }

    /// The bytes available now without consuming them (pushed-back bytes first).
    fn available(&mut self) -> io::Result<&[u8]> {
        if self.pushback_at < self.pushback.len() {
            return Ok(&self.pushback[self.pushback_at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.pushback_at < self.pushback.len() {
            advance(&mut self.position, &self.pushback[self.pushback_at..self.pushback_at + n]);
            self.pushback_at += n;
            if self.pushback_at == self.pushback.len() {
                self.pushback.clear();
                self.pushback_at = 0;
            }
        } else {
            // Only called with n <= the length of the buffer just filled.
            if let Ok(buffer) = self.inner.fill_buf() {
                advance(&mut self.position, &buffer[..n.min(buffer.len())]);
            }
            self.inner.consume(n);
        }
    }

    /// Skips JSON whitespace (and a UTF-8 byte order mark at the very start). Returns whether
    /// another byte follows.
    pub fn skip_whitespace(&mut self) -> io::Result<bool> {
        loop {
            let available = self.available()?;
            if available.is_empty() {
                return Ok(false);
            }
            let skip = available.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
            match skip {
                Some(n) => {
                    self.consume(n);
                    if self.position == (Position { line: 1, column: 1 }) {
                        let head = self.available()?;
                        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                            self.consume(3);
                            continue;
                        }
                    }
                    return Ok(true);
                }
                None => {
                    let n = available.len();
                    self.consume(n);
                }
            }
        }
    }

    /// Takes bytes up to and including the next newline, or at most `limit` bytes. The flag
    /// says whether a newline (or the end of input) ended the line.
    pub fn take_line(&mut self, limit: usize) -> io::Result<(Vec<u8>, bool)> {
        let mut line = Vec::new();
        loop {
            let available = self.available()?;
            if available.is_empty() {
                return Ok((line, true));
            }
            let room = limit.saturating_sub(line.len());
            match available.iter().position(|&b| b == b'\n') {
                Some(n) if n < room => {
                    line.extend_from_slice(&available[..=n]);
                    self.consume_quietly(n + 1);
                    return Ok((line, true));
                }
                _ => {
                    let n = available.len().min(room);
                    line.extend_from_slice(&available[..n]);
                    self.consume_quietly(n);
                    if line.len() >= limit {
                        return Ok((line, false));
                    }
                }
            }
        }
    }

    /// Consumes without tracking the position (the caller tracks lines it takes whole).
    fn consume_quietly(&mut self, n: usize) {
        if self.pushback_at < self.pushback.len() {
            self.pushback_at += n;
            if self.pushback_at == self.pushback.len() {
                self.pushback.clear();
                self.pushback_at = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }

    /// Gives back bytes taken with [`Scanner::take_line`] and sets the position to where they
    /// started.
    pub fn unread(&mut self, mut bytes: Vec<u8>, at: Position) {
        bytes.extend_from_slice(&self.pushback[self.pushback_at..]);
        self.pushback = bytes;
        self.pushback_at = 0;
        self.position = at;
    }

    /// Moves the position past a line taken whole.
    pub fn passed(&mut self, line: &[u8]) {
        self.advance(line);
    }
}

impl Read for Scanner<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.available()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

fn advance(position: &mut Position, bytes: &[u8]) {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            position.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            position.column = (bytes.len() - last) as u64;
        }
        None => position.column += bytes.len() as u64,
    }
}

/// Finds where a JSON value ends by tracking brackets outside strings (cheap, no parsing), fed
/// one chunk at a time.
#[derive(Debug, Default)]
pub(crate) struct Balance {
    depth: usize,
    in_string: bool,
    escaped: bool,
    started: bool,
    /// After [`Fed::Other`] for a bracketed value: where in the chunk the value ended.
    pub end: Option<usize>,
}

/// What [`Balance::feed`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fed {
    /// The value goes on past this chunk.
    Open,
    /// The value ended; the rest of the chunk is whitespace.
    Closed,
    /// The value ended and more follows on the chunk (concatenated JSON), or the value is a
    /// scalar the parser will judge.
    Other,
}

impl Balance {
    pub fn feed(&mut self, chunk: &[u8]) -> Fed {
        let mut i = 0;
        if !self.started {
            match chunk.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                Some(at) if matches!(chunk[at], b'{' | b'[') => self.started = true,
                Some(_) => return Fed::Other,
                None => return Fed::Open,
            }
        }
        while i < chunk.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                match chunk[i..].iter().position(|&b| b == b'"' || b == b'\\') {
                    Some(at) => {
                        i += at;
                        if chunk[i] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                        }
                    }
                    None => return Fed::Open,
                }
            } else {
                match chunk[i] {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            let rest = &chunk[i + 1..];
                            return if rest.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                                Fed::Closed
                            } else {
                                self.end = Some(i + 1);
                                Fed::Other
                            };
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        Fed::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(chunks: &[&[u8]]) -> Vec<Fed> {
        let mut balance = Balance::default();
        chunks.iter().map(|c| balance.feed(c)).collect()
    }

    #[test]
    fn balance_finds_the_end_of_a_value() {
        assert_eq!(fed(&[br#"{"a": "}"}"#]), [Fed::Closed]);
        assert_eq!(fed(&[b"{\"a\": [1,\n", b"2]}\n"]), [Fed::Open, Fed::Closed]);
        assert_eq!(fed(&[br#"{"a": "\"}"#, b"\"}"]), [Fed::Open, Fed::Closed]);
        assert_eq!(fed(&[b"{\"a\": \"x\\", b"\"\"}"]), [Fed::Open, Fed::Closed]);
        assert_eq!(fed(&[br#"{}{"b":1}"#]), [Fed::Other]);
        assert_eq!(fed(&[b"  \n", b"[1] \r\n"]), [Fed::Open, Fed::Closed]);
        assert_eq!(fed(&[b"42\n"]), [Fed::Other]);
    }

    #[test]
    fn positions_follow_lines_and_pushback() {
        let data = b"  \n {\"a\":1}\nxy".to_vec();
        let mut inner: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(data));
        let mut scanner = Scanner::new(&mut *inner);
        assert!(scanner.skip_whitespace().unwrap());
        assert_eq!(scanner.position, Position { line: 2, column: 2 });
        let at = scanner.position;
        let (line, complete) = scanner.take_line(1024).unwrap();
        assert!(complete);
        assert_eq!(line, b"{\"a\":1}\n");
        scanner.unread(line, at);
        let mut byte = [0u8; 1];
        scanner.read_exact(&mut byte).unwrap();
        assert_eq!(&byte, b"{");
        assert_eq!(scanner.position, Position { line: 2, column: 3 });
    }
}
