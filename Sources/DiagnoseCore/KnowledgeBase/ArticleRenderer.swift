// Renders a knowledge-base article (a small Markdown subset) for a terminal.
//
// Supported, because the articles use exactly this:
//
//     # Title              → the title, underlined with "=" (bold instead of plain when colour is on)
//     ## Section           → the heading, underlined with "-"
//     paragraph lines      → joined (without a space between CJK characters) and wrapped to the width
//     - item / 1. item     → "  - item" with a hanging indent; continuation lines join the item
//     ```lang … ```        → indented by four spaces, never wrapped
//     `code`               → `code` as written; cyan without backticks when colour is on
//     **bold**             → the text itself (bold when colour is on)
//     [text](url)          → "text <url>"
//
// Anything else is shown as paragraph text, so an unexpected construct degrades to readable prose.

import Foundation

/// Renders Markdown articles as wrapped plain text for a terminal.
public struct ArticleRenderer: Sendable {
    /// The maximum line width in columns (code blocks excepted).
    public var width: Int
    /// Whether to emphasize with ANSI escape sequences (bold headings, coloured code).
    public var color: Bool

    /// Creates a renderer.
    /// - Parameters:
    ///   - width: the line width in columns; values below 20 are raised to 20.
    ///   - color: whether to use ANSI escape sequences.
    public init(width: Int = 80, color: Bool = false) {
        self.width = max(20, width)
        self.color = color
    }

    /// Renders an article.
    /// - Parameter markdown: the article text.
    /// - Returns: the rendered text, ending with one line break.
    public func render(_ markdown: String) -> String {
        var out = ""
        var previous: Block?
        for block in Self.parse(markdown) {
            if let previous {
                // Items of one list stay together; every other block is set off by a blank line.
                out += previous.isListItem && block.isListItem ? "\n" : "\n\n"
            }
            out += render(block).joined(separator: "\n")
            previous = block
        }
        return out + "\n"
    }

    // MARK: blocks

    enum Block: Equatable {
        case heading(level: Int, text: String)
        case paragraph(String)
        case listItem(marker: String, depth: Int, text: String)
        case code([String])

        var isListItem: Bool {
            if case .listItem = self { return true }
            return false
        }
    }

    private func render(_ block: Block) -> [String] {
        switch block {
        case .heading(let level, let text):
            let lines = TerminalText.wrap(inline(text, styled: false), width: width).map(Self.unglue)
            let ruleWidth = min(lines.map { TerminalText.width($0) }.max() ?? 0, width)
            let rule = String(repeating: level == 1 ? "=" : "-", count: ruleWidth)
            if color { return lines.map(bold) + (level <= 2 ? [dim(rule)] : []) }
            return level <= 2 ? lines + [rule] : lines
        case .paragraph(let text):
            return TerminalText.wrap(inline(text), width: width).map(Self.unglue)
        case .listItem(let marker, let depth, let text):
            let lead = String(repeating: " ", count: 2 + 2 * depth)
            let first = lead + marker + " "
            let hanging = String(repeating: " ", count: TerminalText.width(first))
            return TerminalText.wrap(inline(text), width: width, indent: first, hangingIndent: hanging).map(Self.unglue)
        case .code(let lines):
            return lines.map { line in
                if line.isEmpty { return "" }
                let escaped = Messages.escapeControls(line)
                return "    " + (color ? "\u{1B}[36m" + escaped + "\u{1B}[0m" : escaped)
            }
        }
    }

    /// Splits Markdown into blocks. Lists may be separated by blank lines and still form one list.
    static func parse(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var item: (marker: String, depth: Int, lines: [String])?
        var code: [String]?
        var fenceIndent = 0

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(joinLines(paragraph))) }
            paragraph = []
            if let current = item {
                blocks.append(.listItem(marker: current.marker, depth: current.depth, text: joinLines(current.lines)))
            }
            item = nil
        }

        let lines = markdown.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
        for rawLine in lines {
            let line = String(rawLine)
            let indent = line.prefix(while: { $0 == " " }).count
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if var open = code {
                if trimmed.hasPrefix("```") {
                    blocks.append(.code(open))
                    code = nil
                } else {
                    open.append(String(line.dropFirst(min(fenceIndent, indent))))
                    code = open
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flush()
                code = []
                fenceIndent = indent
                continue
            }
            if trimmed.isEmpty {
                flush()
                continue
            }
            if trimmed.hasPrefix("#") {
                let level = trimmed.prefix(while: { $0 == "#" }).count
                let rest = trimmed.dropFirst(level)
                if level <= 6, rest.isEmpty || rest.first == " " {
                    flush()
                    blocks.append(.heading(level: level, text: rest.trimmingSpaces()))
                    continue
                }
            }
            if let (marker, text) = listMarker(trimmed) {
                flush()
                item = (marker, min(indent / 2, 3), [text])
                continue
            }
            if item != nil, paragraph.isEmpty {
                item?.lines.append(String(trimmed))
            } else {
                paragraph.append(String(trimmed))
            }
        }
        if let open = code { blocks.append(.code(open)) }
        flush()
        return blocks
    }

    private static func listMarker(_ line: Substring) -> (String, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
            return ("-", String(line.dropFirst(2)).trimmingSpaces())
        }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") {
                return (digits + ".", String(rest.dropFirst(2)).trimmingSpaces())
            }
        }
        return nil
    }

    /// Joins source lines of one paragraph: with a space, except where either side is a CJK character.
    private static func joinLines(_ lines: [String]) -> String {
        var out = ""
        for line in lines {
            if let last = out.last, let first = line.first, !(TerminalText.isCJK(last) || TerminalText.isCJK(first)) {
                out += " "
            }
            out += line
        }
        return out
    }

    // MARK: inline

    /// Turns inline Markdown into terminal text: code spans keep their spaces unbreakable, links become
    /// `text <url>`, `**bold**` loses its stars.
    func inline(_ text: String, styled: Bool? = nil) -> String {
        let styled = styled ?? color
        let text = Messages.escapeControls(text)
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if char == "\\", let next = text.index(index, offsetBy: 1, limitedBy: text.endIndex), next < text.endIndex,
                "\\`*_[]()#<>!".contains(text[next])
            {
                out.append(text[next])
                index = text.index(after: next)
                continue
            }
            if char == "`", let close = text[text.index(after: index)...].firstIndex(of: "`") {
                let content = text[text.index(after: index)..<close]
                // No-break spaces keep a short code span on one line; `unglue` turns them back into spaces.
                // Only spans up to half a line are glued, so a long one still wraps on narrow terminals.
                let glued =
                    TerminalText.width(String(content)) <= width / 2
                    ? content.replacingOccurrences(of: " ", with: "\u{00A0}") : String(content)
                // Without colour the backticks stay: they are the only thing marking the span as code.
                out += styled ? "\u{1B}[36m" + glued + "\u{1B}[0m" : "`" + glued + "`"
                index = text.index(after: close)
                continue
            }
            if text[index...].hasPrefix("**"), let close = text[text.index(index, offsetBy: 2)...].range(of: "**") {
                let content = String(text[text.index(index, offsetBy: 2)..<close.lowerBound])
                out += styled ? bold(inline(content, styled: styled)) : inline(content, styled: styled)
                index = close.upperBound
                continue
            }
            if char == "[", let link = Self.link(in: text, at: index) {
                let label = inline(link.label, styled: styled)
                out += link.label == link.url ? "<\(link.url)>" : "\(label) <\(link.url)>"
                index = link.end
                continue
            }
            out.append(char)
            index = text.index(after: index)
        }
        return out
    }

    /// Parses `[label](url)` starting at `start`.
    private static func link(in text: String, at start: String.Index) -> (
        label: String, url: String, end: String.Index
    )? {
        guard let closeLabel = text[start...].firstIndex(of: "]") else { return nil }
        let afterLabel = text.index(after: closeLabel)
        guard afterLabel < text.endIndex, text[afterLabel] == "(",
            let closeURL = text[afterLabel...].firstIndex(of: ")")
        else { return nil }
        let label = String(text[text.index(after: start)..<closeLabel])
        let url = String(text[text.index(after: afterLabel)..<closeURL])
        guard !url.contains(" ") else { return nil }
        return (label, url, text.index(after: closeURL))
    }

    /// Turns the no-break spaces of code spans back into plain spaces.
    private static func unglue(_ line: String) -> String {
        line.contains("\u{00A0}") ? line.replacingOccurrences(of: "\u{00A0}", with: " ") : line
    }

    private func bold(_ text: String) -> String { "\u{1B}[1m" + text + "\u{1B}[0m" }
    private func dim(_ text: String) -> String { "\u{1B}[2m" + text + "\u{1B}[0m" }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        contains("\r") ? replacingOccurrences(of: "\r\n", with: "\n") : self
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        let start = drop(while: { $0 == " " || $0 == "\t" })
        var text = String(start)
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
