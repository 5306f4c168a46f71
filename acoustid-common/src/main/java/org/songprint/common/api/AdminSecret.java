package org.songprint.common.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one place the operators' cluster secret ({@code songprint.admin.secret}) is read: every /internal call checks it through this. */
@ApplicationScoped
public class AdminSecret {

    @Produces
    @Singleton
    ClusterSecret adminSecret(AdminConfig config) {
        return new ClusterSecret(config.secret().orElse(""));
    }
}
