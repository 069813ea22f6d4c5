package tr

import (
	"strings"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/de_AT"
	"github.com/go-playground/locales/de_CH"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/en_AU"
	"github.com/go-playground/locales/en_CA"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/en_IE"
	"github.com/go-playground/locales/en_IN"
	"github.com/go-playground/locales/en_NZ"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/es_MX"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/fr_CA"
	"github.com/go-playground/locales/fr_CH"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/ja"
	"github.com/go-playground/locales/ko"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/pl"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/pt_BR"
	"github.com/go-playground/locales/ru"
	turkish "github.com/go-playground/locales/tr"
	"github.com/go-playground/locales/uk"
	"github.com/go-playground/locales/zh_Hans"
	"golang.org/x/text/language"
)

// Locale is how numbers, dates and times are written for the person:
// the Unicode CLDR's conventions for their language and region (from
// github.com/go-playground/locales).
type Locale struct {
	// Tag names the locale ("de-AT", "en-GB", "zh-Hans").
	Tag language.Tag
	t   locales.Translator
}

// formats are the locales Postie writes numbers and dates for: the
// regions of its languages that write them differently (a locale not
// here takes its language's).
var formats = map[string]func() locales.Translator{
	"de": de.New, "de-AT": de_AT.New, "de-CH": de_CH.New,
	// English without a region keeps Postie's first conventions (24-hour
	// clock, day before month), which are the British ones.
	"en": en_GB.New, "en-US": en.New, "en-GB": en_GB.New, "en-AU": en_AU.New, "en-CA": en_CA.New,
	"en-IE": en_IE.New, "en-IN": en_IN.New, "en-NZ": en_NZ.New,
	"es": es.New, "es-MX": es_MX.New,
	"fr": fr.New, "fr-CA": fr_CA.New, "fr-CH": fr_CH.New,
	"it": it.New, "ja": ja.New, "ko": ko.New, "nl": nl.New, "pl": pl.New,
	"pt": pt.New, "pt-BR": pt_BR.New, "ru": ru.New, "tr": turkish.New, "uk": uk.New,
	"zh": zh_Hans.New, "zh-Hans": zh_Hans.New,
}

// NewLocale is the locale for a system's or a person's locale name:
// "de_AT.UTF-8", "pt-BR", "zh_Hans_CN", "C". A name Postie has no
// conventions for gets its language's, and else English ones.
func NewLocale(name string) *Locale {
	tag := ParseTag(name)
	base, _ := tag.Base()
	script, sconf := tag.Script()
	region, rconf := tag.Region()
	tries := []string{}
	if rconf == language.Exact {
		tries = append(tries, base.String()+"-"+region.String())
	}
	if sconf == language.Exact {
		tries = append(tries, base.String()+"-"+script.String())
	}
	tries = append(tries, base.String())
	for _, k := range tries {
		if f, ok := formats[k]; ok {
			return &Locale{Tag: tag, t: f()}
		}
	}
	return &Locale{Tag: language.English, t: en_GB.New()}
}

// ParseTag reads a locale name as systems write it ("de_AT.UTF-8@euro",
// "pt-BR", "C"); "C", "POSIX" and what cannot be read are English.
func ParseTag(name string) language.Tag {
	name, _, _ = strings.Cut(name, ".")
	name, _, _ = strings.Cut(name, "@")
	name = strings.ReplaceAll(name, "_", "-")
	if name == "" || name == "C" || name == "POSIX" {
		return language.English
	}
	tag, err := language.Parse(name)
	if err != nil {
		return language.English
	}
	return tag
}

func (l *Locale) tr() locales.Translator {
	if l == nil || l.t == nil {
		return en_GB.New()
	}
	return l.t
}

// Number is n as the person writes it: 12,345 / 12.345 / 12 345.
func (l *Locale) Number(n int) string { return l.tr().FmtNumber(float64(n), 0) }

// Decimal is f with digits places after the decimal mark: 1.5 / 1,5.
func (l *Locale) Decimal(f float64, digits int) string {
	return l.tr().FmtNumber(f, uint64(digits))
}

// Time is the time of day: 16:30, 4:30 pm, 下午4:30.
func (l *Locale) Time(t time.Time) string { return l.tr().FmtTimeShort(t) }

// DateShort is a date in few characters: 02.12.26, 12/2/26.
func (l *Locale) DateShort(t time.Time) string { return l.tr().FmtDateShort(t) }

// DateMedium is a date with the month's short name: 2 Dec 2026.
func (l *Locale) DateMedium(t time.Time) string { return l.tr().FmtDateMedium(t) }

// DateLong is a date written out: 2 December 2026, 2. Dezember 2026.
func (l *Locale) DateLong(t time.Time) string { return l.tr().FmtDateLong(t) }

// DateFull is a date with its weekday: Wednesday, 2 December 2026.
func (l *Locale) DateFull(t time.Time) string { return l.tr().FmtDateFull(t) }

// MonthShort is the month's short name: Dec, Dez., déc., 12月.
func (l *Locale) MonthShort(m time.Month) string { return l.tr().MonthAbbreviated(m) }

// Weekday is the weekday's short name: Wed, Mi., mer., 水.
func (l *Locale) Weekday(d time.Weekday) string { return l.tr().WeekdayAbbreviated(d) }

// The person's locale, for the functions below (English until Use).
func loc() *Locale {
	if st := current.Load(); st != nil {
		return st.loc
	}
	return nil
}

// Number is n as the person writes it: 12,345 / 12.345 / 12 345.
func Number(n int) string { return loc().Number(n) }

// Decimal is f with digits places after the decimal mark: 1.5 / 1,5.
func Decimal(f float64, digits int) string { return loc().Decimal(f, digits) }

// Current is the person's locale.
func Current() *Locale {
	if l := loc(); l != nil {
		return l
	}
	return NewLocale("en")
}
