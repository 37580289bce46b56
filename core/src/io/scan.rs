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
        Scanner {
            inner,
            pushback: Vec::new(),
            pushback_at: 0,
            position: Position { line: 1, column: 1 },
        }
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
            advance(
                &mut self.position,
                &self.pushback[self.pushback_at..self.pushback_at + n],
            );
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
            let skip = available
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
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

/// How many JSON values a line holds, judged by brackets outside strings (cheap, no parsing).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineShape {
    /// One complete value (or a scalar, or something the parser will reject).
    One,
    /// The value goes on past the end of the line.
    Incomplete,
    /// More than one value on the line (concatenated JSON).
    Several,
}

pub(crate) fn line_shape(line: &[u8]) -> LineShape {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let rest = &line[i + 1..];
                        return if rest
                            .iter()
                            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                        {
                            LineShape::One
                        } else {
                            LineShape::Several
                        };
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    if depth > 0 || in_string {
        LineShape::Incomplete
    } else {
        LineShape::One
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shapes() {
        assert_eq!(line_shape(br#"{"a": "}"}"#), LineShape::One);
        assert_eq!(line_shape(b"{\"a\": [1,\n"), LineShape::Incomplete);
        assert_eq!(line_shape(br#"{"a": "\"}"#), LineShape::Incomplete);
        assert_eq!(line_shape(br#"{}{"b":1}"#), LineShape::Several);
        assert_eq!(line_shape(b"[1] \r\n"), LineShape::One);
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
