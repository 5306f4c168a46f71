package org.songprint.metadata.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Makes the caller's deadline visible to the service. gRPC carries it as the {@code grpc-timeout}
 * header ("<digits><unit>", unit H, M, S, m, u or n); gRPC's own server turns it into the context
 * deadline, but the server sharing the HTTP port does not always, so the header is read here too.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallDeadlines implements ServerInterceptor {

    private static final Metadata.Key<String> TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Deadline> DEADLINE = Context.key("songprint-call-deadline");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            deadline = parse(headers.get(TIMEOUT));
        }
        if (deadline == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(DEADLINE, deadline), call, headers, next);
    }

    /** Time left before the current call's deadline; null when the caller set none. */
    static Duration remaining() {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            deadline = DEADLINE.get();
        }
        return deadline == null ? null : Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
    }

    static Deadline parse(String timeout) {
        if (timeout == null || timeout.length() < 2 || timeout.length() > 9) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(timeout.substring(0, timeout.length() - 1));
        } catch (NumberFormatException malformed) {
            return null;
        }
        TimeUnit unit = switch (timeout.charAt(timeout.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null || value < 0 ? null : Deadline.after(value, unit);
    }
}
