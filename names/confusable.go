package names

// Names that are different names although their spellings lie close: a
// part in one group never counts as a spelling of a part in the group it is
// paired with. Each group lists Latin stems (normalised, without article)
// and the Arabic stem (strictly normalised).
var confusablePairs = [][2][]string{
	{{"omar", "umar", "omer", "omor", "عمر"}, {"amr", "amro", "amru", "amrou", "amer", "عمرو"}},
	{{"hamid", "hamed", "haamid", "حامد"}, {"ahmad", "ahmed", "ahmet", "احمد"}},
	{{"saleh", "salih", "swaleh", "صالح"}, {"salah", "salaah", "slah", "صلاح"}},
	{{"hasan", "hassan", "hassen", "hasen", "حسن"}, {"husayn", "hussein", "husain", "hussain", "hossein", "houssein", "husein", "hussien", "hosein", "حسين"}},
	{{"said", "saeed", "saeid", "saied", "sa'id", "sayed", "sayeed", "سعيد"}, {"saad", "sa'd", "sad", "saed", "سعد"}},
	{{"hamid", "hamed", "حامد"}, {"hamad", "حمد"}},
	{{"ahmad", "ahmed", "احمد"}, {"hamad", "حمد"}},
	{{"hamid", "hameed", "حميد"}, {"hamad", "حمد"}},
	{{"mahmoud", "mahmud", "mahmood", "محمود"}, {"muhammad", "mohammed", "mohamed", "mohammad", "mohamad", "mhamed", "mouhamad", "muhamad", "محمد"}},
	{{"mahmoud", "mahmud", "mahmood", "محمود"}, {"hamoud", "hammoud", "hamud", "حمود"}},
	{{"ali", "aly", "علي"}, {"alia", "aliya", "علياء", "عليا"}},
	{{"jamal", "gamal", "djamel", "جمال"}, {"kamal", "kamel", "kemal", "كمال"}},
	{{"majid", "majed", "maged", "ماجد"}, {"majdi", "magdi", "مجدي"}},
	{{"khaled", "khalid", "خالد"}, {"khalil", "khaleel", "خليل"}},
	{{"nasser", "nasir", "naser", "nacer", "ناصر"}, {"nasr", "nasser'", "نصر"}},
	{{"karim", "kareem", "كريم"}, {"akram", "اكرم"}},
	{{"hussam", "husam", "houssam", "حسام"}, {"hisham", "hesham", "hicham", "هشام"}},
	{{"fatima", "fatimah", "fatma", "fatmeh", "fatemah", "فاطمه"}, {"fatin", "faten", "فاتن"}},
	{{"zaid", "zayd", "zeid", "زيد"}, {"ziad", "ziyad", "zyad", "زياد"}},
	{{"zaid", "zayd", "zeid", "زيد"}, {"saad", "سعد"}},
	{{"amin", "ameen", "امين"}, {"amina", "aminah", "ameena", "امينه"}},
	{{"nur", "nour", "noor", "نور"}, {"noura", "nora", "noora", "نوره"}},
	{{"rashid", "rasheed", "rachid", "راشد", "رشيد"}, {"rushdi", "rochdi", "رشدي"}},
}

type confKey struct {
	group int
	side  int
}

var confIndex = func() map[string][]confKey {
	m := map[string][]confKey{}
	for g, pair := range confusablePairs {
		for side, list := range pair {
			for _, s := range list {
				k := confStem(s, hasArabic(s))
				m[k] = append(m[k], confKey{g, side})
			}
		}
	}
	return m
}()

// confusable reports whether a and b are spellings of two names known to
// be distinct.
func confusable(a, b *Part) bool {
	if a.Kind != Plain || b.Kind != Plain {
		return false
	}
	ka, kb := confIndex[partConfStem(a)], confIndex[partConfStem(b)]
	if len(ka) == 0 || len(kb) == 0 {
		return false
	}
	same := false
	for _, x := range ka {
		for _, y := range kb {
			if x.group == y.group && x.side == y.side {
				same = true
			}
		}
	}
	if same {
		return false
	}
	for _, x := range ka {
		for _, y := range kb {
			if x.group == y.group && x.side != y.side {
				return true
			}
		}
	}
	return false
}

// confStem is the key of a stem in the confusable table: the strict form
// of an Arabic stem; for a Latin stem its phonetic reading with vowel runs
// folded (Hacen and Hassen meet, Madjid and Majid).
func confStem(stem string, arabic bool) string {
	if arabic {
		return strictOf(stem)
	}
	return phonKey(latinAtoms(stem))
}

func partConfStem(p *Part) string {
	if p.Script == Arabic {
		return p.Stem
	}
	if len(p.readings) == 0 {
		return ""
	}
	return phonKey(p.readings[0].atoms)
}

func phonKey(as []atom) string {
	var b []byte
	for _, a := range as {
		switch a.sym {
		case symVowel:
			b = append(b, '<')
			b = append(b, vowelClass(a.run)...)
			b = append(b, '>')
		case 'H':
		default:
			b = append(b, a.sym)
		}
	}
	return string(b)
}
