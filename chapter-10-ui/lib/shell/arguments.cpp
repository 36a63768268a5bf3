#include "lib/shell/arguments.hpp"

namespace shell {
namespace {

/// True when `c` would change how the shell reads a word (so the word must be quoted).
bool special(char c) {
    return c == ' ' || c == '\t' || c == '\'' || c == '"' || c == '\\' || c == '|' || c == ';' ||
           c == '&' || c == '<' || c == '>' || c == '#' || c == '\n' || c == '\r';
}

}  // namespace

void join_arguments(std::span<const StringView> words, Writer& out) {
    for (size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out.put(' ');
        StringView word = words[i];
        bool quote = word.empty();  // '' keeps an empty word
        for (char c : word) quote = quote || special(c);
        if (!quote) {
            out.write(word);
            continue;
        }
        out.put('\'');
        for (char c : word) {
            if (c == '\'') out.write("'\\''");  // close, a literal ', open again
            else out.put(c);
        }
        out.put('\'');
    }
}

bool Arguments::split(StringView text) {
    count_ = 0;
    size_t used = 0;  // bytes of text_
    size_t i = 0;
    bool ok = text.size() <= max_line_bytes;
    while (ok) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i == text.size()) break;
        if (count_ == max_arguments) {
            ok = false;
            break;
        }
        size_t start = used;
        while (ok && i < text.size() && text[i] != ' ' && text[i] != '\t') {
            char c = text[i++];
            if (c == '\'') {
                while (i < text.size() && text[i] != '\'') text_[used++] = text[i++];
                ok = i < text.size();  // the closing quote
                ++i;
            } else if (c == '\\') {
                ok = i < text.size();
                if (ok) text_[used++] = text[i++];
            } else {
                text_[used++] = c;
            }
        }
        if (!ok) break;
        words_[count_++] = StringView(text_.data() + start, used - start);
        text_[used++] = '\0';  // words fit: each byte of text gives at most one byte here
    }
    if (!ok) count_ = 0;
    return ok;
}

}  // namespace shell
