/** Alerts, compliance and webhooks of the manager (docs/server.md). */
@NullMarked
package io.holdfast.server.alerting;

import org.jspecify.annotations.NullMarked;
