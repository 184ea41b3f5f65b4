package selectors_test

import (
	"errors"
	"fmt"

	"github.com/jisr-cell/jisr/selectors"
)

func ExampleExtract() {
	text := "ضبط شاحنة تحمل لوحة بغداد ١٢٣٤٥ أ وهاتف السائق ٠٧٧٠١٢٣٤٥٦٧، container MSCU 123456 6"
	for _, s := range selectors.Extract(text, "IQ") {
		fmt.Println(s.Start, s.End, s.Key(), s.Valid)
	}
	// Output:
	// 20 33 plate:IQ:BG:12345:ا true
	// 47 58 phone:+9647701234567 true
	// 70 83 container:MSCU1234566 true
}

func ExampleNormalize() {
	s, err := selectors.Normalize(selectors.Phone, "0770 123 4567", "IQ")
	fmt.Println(s.Key(), s.Country, err)

	s, err = selectors.Normalize(selectors.Container, "MSCU 123456 5", "")
	fmt.Println(s.Key(), s.Valid, errors.Is(err, selectors.ErrInvalid), err)

	_, err = selectors.Normalize(selectors.IBAN, "IQ98 NBIQ 8501", "")
	fmt.Println(errors.Is(err, selectors.ErrMalformed), err)
	// Output:
	// phone:+9647701234567 IQ <nil>
	// container:MSCU1234565 false true container: check digit of MSCU1234565 should be 6
	// true iban: an IBAN of IQ has 23 characters, not 12
}

func ExampleNormalizePlate() {
	for _, raw := range []string{"أ ب ح ١٢٣٤", "1234 ABJ"} {
		s, _ := selectors.NormalizePlate(raw, "SA")
		fmt.Println(s.Key())
	}
	// Output:
	// plate:SA:ABJ:1234
	// plate:SA:ABJ:1234
}

func ExampleNearbyCellKeys() {
	// A lab is filed under the cell of its point; a query 600 m away looks
	// up the cells within 1 km and keeps the hits within 1 km.
	lab := selectors.CellKey(33.8599, 35.8650)
	for _, k := range selectors.NearbyCellKeys(33.8653, 35.8650, 1000) {
		if k == lab {
			fmt.Printf("found, %.0f m away\n", selectors.Distance(33.8653, 35.8650, 33.8599, 35.8650))
		}
	}
	// Output:
	// found, 600 m away
}
