package io.portico.modules.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import org.junit.jupiter.api.Test;

class ValueTemplateTest {

    @Test
    void aValueWithoutVariablesIsConstantAndPercentPercentIsAPercentSign() {
        assertThat(ValueTemplate.compile("plain").value(null)).isEqualTo("plain");
        assertThat(ValueTemplate.compile("100%% sure").value(null)).isEqualTo("100% sure");
    }

    @Test
    void unknownVariablesAndLonePercentsAreRejectedWhenCompiled() {
        assertThatThrownBy(() -> ValueTemplate.compile("%nope")).hasMessageContaining("unknown variable %nope")
                .hasMessageContaining("client_ip");
        assertThatThrownBy(() -> ValueTemplate.compile("50% off")).hasMessageContaining("lone % at offset 2");
        assertThatThrownBy(() -> ValueTemplate.compile("%{host")).hasMessageContaining("unclosed %{");
        assertThatThrownBy(() -> ValueTemplate.compile("%{hostx}")).hasMessageContaining("unknown variable %hostx");
    }

    @Test
    void renameMovesEveryFieldOfTheOldName() {
        HttpFields f = new HttpFields().add("X-Old", "1").add("A", "a").add("x-old", "2");
        HeaderActions.rename(f, "X-Old", "X-New");
        assertThat(f.toString()).isEqualTo("A: a\r\nX-New: 1\r\nX-New: 2\r\n");
        HeaderActions.rename(f, "Missing", "Other");
        assertThat(f.size()).isEqualTo(3);
    }

    @Test
    void actionsApplyInTheOrderRenameDeleteSetAdd() {
        HeaderActions a = new HeaderActions(new String[] {"X-A"}, new String[] {"X-B"}, new String[] {"X-C"},
                new String[] {"X-B"}, new ValueTemplate[] {ValueTemplate.compile("set")},
                new String[] {"X-C"}, new ValueTemplate[] {ValueTemplate.compile("added")});
        HttpFields f = new HttpFields().add("X-A", "a").add("X-C", "c");
        a.apply(f, null);
        assertThat(f.toString()).isEqualTo("X-B: set\r\nX-C: added\r\n");
    }
}
