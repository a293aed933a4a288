package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/sessionlint/sessionlint/analyzer"
)

// ruleDescriptor converts a rule to a SARIF reportingDescriptor with the
// metadata that GitHub code scanning shows: title, description, help,
// default level, tags, precision and security-severity.
func ruleDescriptor(rule analyzer.Rule, opt SARIFOptions) *sarif.ReportingDescriptor {
	id := rule.Name()
	doc := rule.Doc
	if doc == nil {
		doc = &analyzer.Doc{}
	}
	title := doc.Title
	if title == "" {
		title = id
	}

	name := pascalCase(title)
	if len(name) > maxRuleNameLength {
		// pascalCase writes letters and digits only, but they need not be
		// ASCII, so cut at a character boundary.
		name = strings.ToValidUTF8(name[:maxRuleNameLength], "")
	}
	descriptor := sarif.NewRule(id).
		WithName(name).
		WithShortDescription(sarif.NewMultiformatMessageString(truncateText(title, maxDescriptionLength)))
	if why := strings.TrimSpace(doc.Why); why != "" {
		description := fullDescription(why)
		descriptor.WithFullDescription(sarif.NewMultiformatMessageString(description).WithMarkdown(description))
	}
	if text, markdown := ruleHelp(doc); text != "" {
		descriptor.WithHelp(sarif.NewMultiformatMessageString(text).WithMarkdown(markdown))
	}
	if opt.HelpBaseURI != "" {
		descriptor.WithHelpURI(opt.HelpBaseURI + "#" + id)
	}
	if doc.Level != "" {
		descriptor.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(string(doc.Level)))
	}

	properties := sarif.Properties{"tags": ruleTags(doc)}
	if doc.Precision != "" {
		properties["precision"] = doc.Precision
	}
	if doc.SecuritySeverity != "" {
		properties["security-severity"] = doc.SecuritySeverity
	}
	descriptor.WithProperties(properties)
	return descriptor
}

// ruleTags returns "security", the CWE tag in the form GitHub code
// scanning links to the CWE entry ("external/cwe/cwe-613"), and the
// rule's own tags, without duplicates and at most maxRuleTags of them.
func ruleTags(doc *analyzer.Doc) []string {
	tags := []string{"security"}
	if doc.CWE > 0 {
		tags = append(tags, "external/cwe/cwe-"+strconv.Itoa(doc.CWE))
	}
	for _, tag := range doc.Tags {
		if len(tags) == maxRuleTags {
			break
		}
		if tag != "" && !contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	return tags
}

func contains(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}

// ruleHelp builds the plain text and Markdown help of a rule from its
// explanation, its reported and corrected examples and its limits.
// Sections whose source field is empty are left out.
func ruleHelp(doc *analyzer.Doc) (text, markdown string) {
	var textParts, markdownParts []string
	if why := strings.TrimSpace(doc.Why); why != "" {
		textParts = append(textParts, why)
		markdownParts = append(markdownParts, why)
	}
	if bad := trimBlankLines(doc.Bad); bad != "" {
		textParts = append(textParts, "Reported code:\n\n"+indentLines(bad, "    "))
		markdownParts = append(markdownParts, "## Reported code\n\n"+fencedCode(bad))
	}
	if good := trimBlankLines(doc.Good); good != "" {
		textParts = append(textParts, "Corrected code:\n\n"+indentLines(good, "    "))
		markdownParts = append(markdownParts, "## Corrected code\n\n"+fencedCode(good))
	}
	if limits := strings.TrimSpace(doc.Limits); limits != "" {
		textParts = append(textParts, "Limits:\n\n"+limits)
		markdownParts = append(markdownParts, "## Limits\n\n"+limits)
	}
	return strings.Join(textParts, "\n\n"), strings.Join(markdownParts, "\n\n")
}

// trimBlankLines removes leading and trailing blank lines and trailing
// spaces, but keeps the indentation of the first line.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	for {
		line, rest, found := strings.Cut(s, "\n")
		if !found || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}

func indentLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "" {
			lines[i] = prefix + line
		}
	}
	return strings.Join(lines, "\n")
}

// fencedCode returns code as a Markdown code block with a fence longer
// than any backtick run in the code, tagged "toml", "sql" or "ts".
func fencedCode(code string) string {
	longest, run := 0, 0
	for _, c := range code {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + exampleLanguage(code) + "\n" + code + "\n" + fence
}

// exampleLanguage guesses the language of a rule example. Doc.Bad and
// Doc.Good hold TypeScript, TOML for rules about supabase/config.toml or
// SQL for rules about migrations. A TOML example starts with a [table]
// header or a # comment, and a SQL example with CREATE, ALTER or a --
// comment, which TypeScript code does not.
func exampleLanguage(code string) string {
	for _, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") || strings.HasPrefix(line, "#") {
			return "toml"
		}
		lower := strings.ToLower(line)
		if strings.HasPrefix(lower, "create ") || strings.HasPrefix(lower, "alter ") || strings.HasPrefix(lower, "--") {
			return "sql"
		}
		return "ts"
	}
	return "ts"
}

// pascalCase turns a rule title into the single identifier that SARIF
// recommends for reportingDescriptor.name, in the form the SARIF
// Multitool (rule SARIF2012) accepts: every word is an upper-case letter
// followed by lower-case letters or digits. "Logout with scope 'local'"
// becomes "LogoutWithScopeLocal". Apostrophes join words ("don't" becomes
// "Dont"), and every other character that is not a letter or digit
// separates them. Acronyms are lowered after their first letter ("MFA"
// becomes "Mfa"), and one-letter words such as the article "a" are left
// out. A word that starts with a digit is appended to the word before it.
func pascalCase(title string) string {
	var words []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			words = append(words, word.String())
			word.Reset()
		}
	}
	for _, r := range title {
		switch {
		case r == '\'' || r == '\u2019':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()

	var b strings.Builder
	for _, w := range words {
		first, size := utf8.DecodeRuneInString(w)
		rest := strings.ToLower(w[size:])
		switch {
		case unicode.IsDigit(first):
			b.WriteString(strings.ToLower(w))
		case rest == "":
			// A one-letter word cannot satisfy the pattern.
		default:
			b.WriteRune(unicode.ToUpper(first))
			b.WriteString(rest)
		}
	}
	return b.String()
}
