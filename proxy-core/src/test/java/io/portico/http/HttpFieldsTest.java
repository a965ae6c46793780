package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpFieldsTest {

    @Test
    void namesCompareWithoutCaseAndRepeatsKeepTheirOrder() {
        HttpFields f = new HttpFields(1).add("Accept", "a").add("Host", "h").add("accept", "b");
        assertThat(f.all("ACCEPT")).containsExactly("a", "b");
        assertThat(f.count("accept")).isEqualTo(2);
        assertThat(f.firstOrNull("host")).isEqualTo("h");
        assertThat(f.first("Missing")).isEmpty();
        assertThat(f.indexOf("HOST")).isEqualTo(1);
    }

    @Test
    void aListGrowsPastItsCapacityKeepingEveryField() {
        HttpFields f = new HttpFields(0);
        for (int i = 0; i < 100; i++) {
            f.add("X-" + i, Integer.toString(i));
        }
        assertThat(f.size()).isEqualTo(100);
        assertThat(f.name(99)).isEqualTo("X-99");
        assertThat(f.value(0)).isEqualTo("0");
    }

    @Test
    void setReplacesEveryFieldOfTheNameInThePlaceOfTheFirst() {
        HttpFields f = new HttpFields().add("A", "1").add("B", "2").add("a", "3").add("C", "4");
        f.set("a", "x");
        assertThat(f.toString()).isEqualTo("A: x\r\nB: 2\r\nC: 4\r\n");
        assertThat(f.remove("b")).isTrue();
        assertThat(f.remove("b")).isFalse();
        assertThat(f.toString()).isEqualTo("A: x\r\nC: 4\r\n");
    }

    @Test
    void parsedMarksFollowTheirFieldsThroughRemovesSetsAndCopies() {
        HttpFields f = new HttpFields(2).addParsed("A", "1").add("B", "2").addParsed("C", "3").addParsed("B", "4")
                .addParsed("D", "5");
        f.remove("B"); // A C D left, all parsed
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.parsed(0)).isTrue();
        assertThat(f.parsed(1)).isTrue();
        assertThat(f.parsed(2)).isTrue();
        f.set("C", "changed");
        assertThat(f.parsed(1)).isFalse();
        assertThat(f.parsed(2)).isTrue();
        HttpFields copy = HttpFields.copyOf(f, 1).add("E", "6");
        assertThat(copy.parsed(0)).isTrue();
        assertThat(copy.parsed(1)).isFalse();
        assertThat(copy.parsed(2)).isTrue();
        assertThat(copy.parsed(3)).isFalse();
        HttpFields one = new HttpFields().add(f, 2);
        assertThat(one.parsed(0)).isTrue();
        f.clear();
        assertThat(f.isEmpty()).isTrue();
        f.add("Z", "z");
        assertThat(f.parsed(0)).isFalse();
    }

    @Test
    void fieldsPastTheSixtyFourthAreNeverMarkedParsedSoAWriterChecksThem() {
        HttpFields f = new HttpFields();
        for (int i = 0; i < 70; i++) {
            f.addParsed("X-" + i, "v");
        }
        assertThat(f.parsed(63)).isTrue();
        assertThat(f.parsed(64)).isFalse();
        assertThat(f.parsed(69)).isFalse();
        f.remove("X-0"); // every field moves down one place; the one now 63rd lost its mark on the way in
        assertThat(f.parsed(62)).isTrue();
        assertThat(f.parsed(63)).isFalse();
        assertThat(f.name(63)).isEqualTo("X-64");
    }
}
