//! Go's `text/tabwriter`, for the tables promtool prints.

/// A cell of Go's `text/tabwriter`: bytes in the buffer, width in runes, tab-terminated.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    size: usize,
    width: usize,
    htab: bool,
}

/// A port of Go's `text/tabwriter.Writer` (left-aligned, no escapes: text is UTF-8 and so
/// never holds its 0xff escape byte), so tables lay out as promtool's do, even when a cell
/// holds a tab or a newline.
pub struct TabWriter {
    minwidth: usize,
    tabwidth: usize,
    padding: usize,
    padchar: u8,
    tab_indent: bool,
    buf: Vec<u8>,
    pos: usize,
    cell: Cell,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    out: Vec<u8>,
}

impl TabWriter {
    pub fn new(
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: u8,
        tab_indent: bool,
    ) -> Self {
        let mut w = TabWriter {
            minwidth,
            tabwidth,
            padding,
            padchar,
            tab_indent,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            lines: Vec::new(),
            widths: Vec::new(),
            out: Vec::new(),
        };
        w.reset();
        w
    }

    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.lines.clear();
        self.widths.clear();
        self.lines.push(Vec::new());
    }

    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    fn update_width(&mut self) {
        let pending = self.buf.get(self.pos..).unwrap_or_default();
        self.cell.width += String::from_utf8_lossy(pending).chars().count();
        self.pos = self.buf.len();
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    pub fn write(&mut self, data: &[u8]) {
        let mut n = 0;
        for (i, &ch) in data.iter().enumerate() {
            if !matches!(ch, b'\t' | 0x0b | b'\n' | 0x0c) {
                continue;
            }
            self.append(data.get(n..i).unwrap_or_default());
            self.update_width();
            n = i + 1;
            let ncells = self.terminate_cell(ch == b'\t');
            if ch == b'\n' || ch == 0x0c {
                self.lines.push(Vec::new());
                // A line of one cell cannot affect later columns: Go flushes here.
                if ch == 0x0c || ncells == 1 {
                    self.flush_no_defers();
                }
            }
        }
        self.append(data.get(n..).unwrap_or_default());
    }

    pub fn flush(mut self) -> Vec<u8> {
        self.flush_no_defers();
        self.out
    }

    fn flush_no_defers(&mut self) {
        if self.cell.size > 0 {
            self.terminate_cell(false);
        }
        let lines = self.lines.len();
        self.format(0, 0, lines);
        self.reset();
    }

    /// Go's recursive column-block layout; one level per column, so deep only for names
    /// holding many tabs.
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.format_inner(pos0, line0, line1)
        })
    }

    fn format_inner(&mut self, pos0: usize, mut line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let column = self.widths.len();
        let cells = |w: &Self, i: usize| w.lines.get(i).map_or(0, Vec::len);
        let mut this = line0;
        while this < line1 {
            if column + 1 >= cells(self, this) {
                this += 1;
                continue;
            }
            pos = self.write_lines(pos, line0, this);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                if column + 1 >= cells(self, this) {
                    break;
                }
                if let Some(c) = self.lines.get(this).and_then(|l| l.get(column)) {
                    width = width.max(c.width + self.padding);
                }
                this += 1;
            }
            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
            // Go's loop increment also steps over the line that ended the block.
            this += 1;
        }
        self.write_lines(pos, line0, line1)
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            let line = self.lines.get(i).cloned().unwrap_or_default();
            let mut use_tabs = self.tab_indent;
            for (j, c) in line.iter().enumerate() {
                let cell_width = self.widths.get(j).copied();
                if c.size == 0 {
                    if let Some(cw) = cell_width {
                        self.write_padding(c.width, cw, use_tabs);
                    }
                } else {
                    use_tabs = false;
                    let text = self.buf.get(pos..pos + c.size).unwrap_or_default();
                    self.out.extend_from_slice(text);
                    pos += c.size;
                    if let Some(cw) = cell_width {
                        self.write_padding(c.width, cw, false);
                    }
                }
            }
            if i + 1 == self.lines.len() {
                // The last, unterminated line: its text is still in the current cell.
                let text = self.buf.get(pos..pos + self.cell.size).unwrap_or_default();
                self.out.extend_from_slice(text);
                pos += self.cell.size;
            } else {
                self.out.push(b'\n');
            }
        }
        pos
    }

    fn write_padding(&mut self, textw: usize, cellw: usize, use_tabs: bool) {
        if self.padchar == b'\t' || use_tabs {
            if self.tabwidth == 0 {
                return;
            }
            let cellw = cellw.div_ceil(self.tabwidth) * self.tabwidth;
            let n = cellw.saturating_sub(textw);
            let tabs = n.div_ceil(self.tabwidth);
            self.out.extend(std::iter::repeat_n(b'\t', tabs));
            return;
        }
        let n = cellw.saturating_sub(textw);
        self.out.extend(std::iter::repeat_n(self.padchar, n));
    }
}
