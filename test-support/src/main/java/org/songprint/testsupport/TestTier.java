package org.songprint.testsupport;

import java.lang.annotation.Annotation;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two test tiers. {@code mvn test -Dsongprint.tests=unit} runs only the tests that need nothing
 * but the JVM (and the Debian tools the audio fixtures use): every {@code @QuarkusTest} and every
 * {@link NeedsInfrastructure} class is skipped. Without the property every test runs (./stack test).
 * Registered for every module through JUnit's extension auto-detection (the parent pom turns it on).
 */
public class TestTier implements ExecutionCondition {

    static final String PROPERTY = "songprint.tests";
    private static final Set<String> INTEGRATION = Set.of("io.quarkus.test.junit.QuarkusTest",
            "io.quarkus.test.junit.QuarkusIntegrationTest", NeedsInfrastructure.class.getName());

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"unit".equals(System.getProperty(PROPERTY)) || context.getTestClass().isEmpty()) {
            return ConditionEvaluationResult.enabled("every tier");
        }
        for (Class<?> type = context.getTestClass().get(); type != null; type = type.getEnclosingClass()) {
            for (Annotation annotation : type.getAnnotations()) {
                if (INTEGRATION.contains(annotation.annotationType().getName())) {
                    return ConditionEvaluationResult.disabled("integration tier (" + annotation.annotationType().getSimpleName()
                            + "): run without -D" + PROPERTY + "=unit");
                }
            }
        }
        return ConditionEvaluationResult.enabled("unit tier");
    }
}
