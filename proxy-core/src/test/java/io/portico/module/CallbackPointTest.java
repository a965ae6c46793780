package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallbackPointTest {
    private static final Verdict RESPOND = Verdict.respond(403, "no");
    private static final Verdict REDIRECT = Verdict.redirect(301, "https://example.com/");
    private static final Verdict STREAM = Verdict.stream(200, new HttpFields(), 3, out -> out.write(new byte[3]));
    private static final Verdict FINISH = Verdict.finish(400, "bye");
    private static final List<Verdict> ALL = List.of(Verdict.CONTINUE, RESPOND, STREAM, REDIRECT, FINISH, Verdict.CLOSE);

    @Test
    void theNinePointsComeInDataPathOrderWithTheirBfeNames() {
        assertThat(CallbackPoint.values()).extracting(CallbackPoint::name).containsExactly(
                "HandleAccept", "HandleHandshake", "HandleBeforeLocation", "HandleFoundProduct",
                "HandleAfterLocation", "HandleForward", "HandleReadResponse", "HandleRequestFinish", "HandleFinish");
        for (int i = 0; i < CallbackPoint.values().size(); i++) {
            assertThat(CallbackPoint.values().get(i).ordinal()).isEqualTo(i);
        }
        assertThat(CallbackPoint.values()).containsExactly(CallbackPoint.HANDLE_ACCEPT, CallbackPoint.HANDLE_HANDSHAKE,
                CallbackPoint.HANDLE_BEFORE_LOCATION, CallbackPoint.HANDLE_FOUND_PRODUCT, CallbackPoint.HANDLE_AFTER_LOCATION,
                CallbackPoint.HANDLE_FORWARD, CallbackPoint.HANDLE_READ_RESPONSE, CallbackPoint.HANDLE_REQUEST_FINISH,
                CallbackPoint.HANDLE_FINISH);
    }

    // The static types below only compile because each constant carries its handler kind;
    // TypeSafetyTest shows that a mismatched registration is rejected by the compiler.
    @Test
    void eachPointIsTypedWithTheHandlerKindItRuns() {
        CallbackPoint<AcceptHandler> accept = CallbackPoint.HANDLE_ACCEPT;
        CallbackPoint<AcceptHandler> handshake = CallbackPoint.HANDLE_HANDSHAKE;
        CallbackPoint<RequestHandler> before = CallbackPoint.HANDLE_BEFORE_LOCATION;
        CallbackPoint<RequestHandler> found = CallbackPoint.HANDLE_FOUND_PRODUCT;
        CallbackPoint<RequestHandler> after = CallbackPoint.HANDLE_AFTER_LOCATION;
        CallbackPoint<ForwardHandler> forward = CallbackPoint.HANDLE_FORWARD;
        CallbackPoint<ResponseHandler> read = CallbackPoint.HANDLE_READ_RESPONSE;
        CallbackPoint<ResponseHandler> requestFinish = CallbackPoint.HANDLE_REQUEST_FINISH;
        CallbackPoint<FinishHandler> finish = CallbackPoint.HANDLE_FINISH;

        assertThat(List.of(accept.handlerType(), handshake.handlerType(), before.handlerType(), found.handlerType(),
                after.handlerType(), forward.handlerType(), read.handlerType(), requestFinish.handlerType(),
                finish.handlerType())).containsExactly(AcceptHandler.class, AcceptHandler.class, RequestHandler.class,
                RequestHandler.class, RequestHandler.class, ForwardHandler.class, ResponseHandler.class,
                ResponseHandler.class, FinishHandler.class);
    }

    @Test
    void eachPointHonoursTheVerdictsBfeAllowsThere() {
        Map<CallbackPoint<?>, Set<Class<? extends Verdict>>> expected = new LinkedHashMap<>();
        Set<Class<? extends Verdict>> goOnOrClose = Set.of(Verdict.Continue.class, Verdict.Close.class);
        Set<Class<? extends Verdict>> any = Set.of(Verdict.Continue.class, Verdict.Respond.class,
                Verdict.Stream.class, Verdict.Redirect.class, Verdict.Finish.class, Verdict.Close.class);
        Set<Class<? extends Verdict>> allButRedirect = Set.of(Verdict.Continue.class, Verdict.Respond.class,
                Verdict.Stream.class, Verdict.Finish.class, Verdict.Close.class);
        expected.put(CallbackPoint.HANDLE_ACCEPT, goOnOrClose);
        expected.put(CallbackPoint.HANDLE_HANDSHAKE, goOnOrClose);
        expected.put(CallbackPoint.HANDLE_BEFORE_LOCATION, any);
        expected.put(CallbackPoint.HANDLE_FOUND_PRODUCT, any);
        expected.put(CallbackPoint.HANDLE_AFTER_LOCATION, any);
        expected.put(CallbackPoint.HANDLE_FORWARD, allButRedirect);
        expected.put(CallbackPoint.HANDLE_READ_RESPONSE, allButRedirect);
        expected.put(CallbackPoint.HANDLE_REQUEST_FINISH, goOnOrClose);
        expected.put(CallbackPoint.HANDLE_FINISH, Set.of());

        assertThat(expected.keySet()).containsExactlyElementsOf(CallbackPoint.values());
        expected.forEach((point, honoured) -> {
            assertThat(point.honouredVerdicts()).as(point.name()).containsExactlyInAnyOrderElementsOf(honoured);
            for (Verdict v : ALL) {
                assertThat(point.honours(v)).as(point.name() + " honours " + v).isEqualTo(honoured.contains(v.getClass()));
            }
        });
    }

    @Test
    void honouredVerdictsAreListedInVerdictOrderAndCannotBeChanged() {
        assertThat(CallbackPoint.HANDLE_READ_RESPONSE.honouredVerdicts()).containsExactly(
                Verdict.Continue.class, Verdict.Respond.class, Verdict.Stream.class, Verdict.Finish.class, Verdict.Close.class);
        assertThatThrownBy(() -> CallbackPoint.HANDLE_ACCEPT.honouredVerdicts().add(Verdict.Respond.class))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStreamedAnswerIsHonouredExactlyWhereAnInMemoryOneIs() {
        for (CallbackPoint<?> point : CallbackPoint.values()) {
            assertThat(point.honours(STREAM)).as(point.name()).isEqualTo(point.honours(RESPOND));
        }
    }

    @Test
    void aNullVerdictIsHonouredNowhere() {
        for (CallbackPoint<?> point : CallbackPoint.values()) {
            assertThat(point.honours(null)).as(point.name()).isFalse();
        }
    }

    @Test
    void aVerdictIsJudgedByItsKindNotItsContent() {
        assertThat(CallbackPoint.HANDLE_FORWARD.honours(new Verdict.Respond(503, new HttpFields(), null))).isTrue();
        assertThat(CallbackPoint.HANDLE_FORWARD.honours(new Verdict.Redirect(308, "/x"))).isFalse();
        assertThat(CallbackPoint.HANDLE_REQUEST_FINISH.honours(new Verdict.Close())).isTrue();
    }

    @Test
    void pointsAreFoundByTheirBfeName() {
        assertThat(CallbackPoint.named("HandleFoundProduct")).containsSame(CallbackPoint.HANDLE_FOUND_PRODUCT);
        assertThat(CallbackPoint.named("HANDLE_FOUND_PRODUCT")).isEmpty();
        assertThat(CallbackPoint.HANDLE_FINISH).hasToString("HandleFinish");
    }
}
