// Surface forms of the S syntactic templates: word-order variants of one
// (entity, relation, value) statement. Distinct template ids render to
// distinct word sequences, which is all the syntax model needs.
#include <sklaws/validation/sentence_generator.hpp>

#include <array>
#include <string_view>

namespace sklaws::validation {

namespace {

constexpr std::array<std::string_view, 8> base_templates = {
    "the {relation} of {entity} is {value} .",
    "{entity} has {relation} {value} .",
    "{value} is the {relation} of {entity} .",
    "{entity} 's {relation} is {value} .",
    "for {entity} , the {relation} is {value} .",
    "{relation} of {entity} : {value} .",
    "it is known that the {relation} of {entity} is {value} .",
    "{entity} , whose {relation} is {value} , exists .",
};

// Template ids beyond the base set get a lead word "variant<i>" so that they
// stay distinct.
std::string_view base_of(unsigned id) { return base_templates[id % base_templates.size()]; }
unsigned variant_of(unsigned id) { return id / static_cast<unsigned>(base_templates.size()); }

void append_number(std::string& out, std::string_view word, std::uint64_t number) {
    out.append(word);
    char digits[24];
    int length = 0;
    do {
        digits[length++] = static_cast<char>('0' + number % 10);
        number /= 10;
    } while (number > 0);
    while (length > 0) out.push_back(digits[--length]);
}

}  // namespace

unsigned base_template_count() { return static_cast<unsigned>(base_templates.size()); }

std::string template_text(unsigned template_id) {
    std::string text;
    if (variant_of(template_id) > 0) {
        append_number(text, "variant", variant_of(template_id));
        text.push_back(' ');
    }
    text.append(base_of(template_id));
    return text;
}

void render_sentence(const Sentence& s, std::string& out) {
    if (variant_of(s.template_id) > 0) {
        append_number(out, "variant", variant_of(s.template_id));
        out.push_back(' ');
    }
    std::string_view text = base_of(s.template_id);
    while (!text.empty()) {
        const std::size_t open = text.find('{');
        if (open == std::string_view::npos) {
            out.append(text);
            break;
        }
        out.append(text.substr(0, open));
        const std::size_t close = text.find('}', open);
        const std::string_view slot = text.substr(open + 1, close - open - 1);
        if (slot == "entity") {
            append_number(out, "entity", s.name);
        } else if (slot == "relation") {
            append_number(out, "relation", s.relation);
        } else {
            append_number(out, "value", s.value);
        }
        text.remove_prefix(close + 1);
    }
}

}  // namespace sklaws::validation
