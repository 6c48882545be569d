//! Cutting a chat digest into messages that each fit the app's limit, between blocks (a
//! heading, an item) so that no item is ever split across two messages.

/// Length as the chat apps count it: UTF-16 code units (an emoji counts two).
pub fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Room kept in every message for the "part 2 of 3" line.
const LABEL_ROOM: usize = 40;

/// Packs `blocks` (joined by a blank line) into messages of at most `limit` units. When there
/// is more than one, each ends with `label(n, total)`. A block longer than a message on its own
/// is cut at a character boundary, ending in `…`.
pub fn messages(
    blocks: &[String],
    limit: usize,
    label: &dyn Fn(usize, usize) -> String,
) -> Vec<String> {
    let room = limit.saturating_sub(LABEL_ROOM).max(1);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for block in blocks {
        let block = if units(block) > room {
            cut(block, room)
        } else {
            block.clone()
        };
        let joined = if current.is_empty() {
            units(&block)
        } else {
            units(&current) + 2 + units(&block)
        };
        if joined > room && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(&block);
    }
    if !current.is_empty() {
        out.push(current);
    }
    let total = out.len();
    if total > 1 {
        for (i, m) in out.iter_mut().enumerate() {
            m.push_str("\n\n");
            m.push_str(&label(i + 1, total));
        }
    }
    out
}

fn cut(block: &str, room: usize) -> String {
    let mut s = String::new();
    for c in block.chars() {
        if units(&s) + c.len_utf16() + 1 > room {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_blocks_whole_and_every_message_under_the_limit() {
        let blocks: Vec<String> = (0..50)
            .map(|i| format!("item {i} {}", "x".repeat(90)))
            .collect();
        let label = |n: usize, t: usize| format!("({n}/{t})");
        let m = messages(&blocks, 1000, &label);
        assert!(m.len() > 1);
        for msg in &m {
            assert!(units(msg) <= 1000, "{}", units(msg));
        }
        let joined = m.join("\n\n");
        for b in &blocks {
            assert!(joined.contains(b.as_str()));
        }
        assert!(m[0].ends_with(&format!("(1/{})", m.len())));
        let long = vec!["א".repeat(5000)];
        let m = messages(&long, 1000, &label);
        assert_eq!(m.len(), 1);
        assert!(units(&m[0]) <= 1000 && m[0].ends_with('…'));
    }
}
