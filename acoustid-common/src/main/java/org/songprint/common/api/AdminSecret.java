package org.songprint.common.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one place the operators' cluster secret ({@code songprint.admin.secret}) is read: every /internal call checks it through this. */
@ApplicationScoped
public class AdminSecret {

    @Produces
    @Singleton
    ClusterSecret adminSecret(@ConfigProperty(name = "songprint.admin.secret") Optional<String> secret) {
        return new ClusterSecret(secret.orElse(""));
    }
}
