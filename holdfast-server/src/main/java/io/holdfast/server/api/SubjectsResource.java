package io.holdfast.server.api;

import io.holdfast.promptlog.ErasureCertificate;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.SubjectIndexEntry;
import io.holdfast.server.ServerContext;
import io.holdfast.server.security.Permission;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prompt-log subjects (docs/design.md §17): find where one person's records are, and erase them (crypto-shredding:
 * their keys are destroyed, so every copy, immutable ones included, becomes unreadable for them). Erasure needs
 * {@code erase}, which only the security officer holds; it returns the erasure certificate and is audited.
 */
final class SubjectsResource implements Routes.Resource {
    /** The body of a lookup or an erasure. */
    record SubjectRequest(
            @Nullable String subject, @Nullable String reason) {}

    private final ServerContext server;

    SubjectsResource(ServerContext server) {
        this.server = server;
    }

    @Override
    public void register(Routes r) {
        r.post(
                "/api/v1/subjects/find",
                Permission.COPY_READ,
                "Where a subject's prompt-log records are (subject)",
                this::find);
        r.post(
                "/api/v1/subjects/erase",
                Permission.ERASE,
                "Erase a subject's prompt-log records everywhere (subject," + " reason); returns the certificate",
                this::erase);
    }

    private static String subject(SubjectRequest req) {
        if (req.subject() == null || req.subject().isEmpty()) {
            throw ApiException.invalid("subject", "give the subject (the value of the asset's subject field)");
        }
        return req.subject();
    }

    private void find(Context ctx) throws Exception {
        String subject = subject(Requests.body(ctx, SubjectRequest.class));
        LocalKeyStore keys = server.keys();
        List<Map<String, Object>> out = new ArrayList<>();
        for (SubjectIndexEntry e : keys.find(subject)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshot", e.snapshot());
            m.put("path", e.path());
            m.put("records", e.records());
            out.add(m);
        }
        server.audit.append(
                Requests.principal(ctx).user(),
                "subject.find",
                "subject/" + keys.subjectHash(subject),
                Map.of("copies", out.size()));
        ctx.json(Map.of(
                "subjectHash",
                keys.subjectHash(subject),
                "erased",
                keys.erased(keys.subjectHash(subject)),
                "copies",
                out));
    }

    private void erase(Context ctx) throws Exception {
        SubjectRequest req = Requests.body(ctx, SubjectRequest.class);
        String subject = subject(req);
        if (req.reason() == null || req.reason().isBlank()) {
            throw ApiException.invalid("reason", "an erasure needs a reason (recorded in the certificate)");
        }
        String user = Requests.principal(ctx).user();
        ErasureCertificate cert = server.keys().erase(subject, req.reason(), user, null);
        server.audit.append(
                user,
                "subject.erase",
                "subject/" + cert.subjectHash(),
                Map.of(
                        "reason",
                        req.reason(),
                        "certificate",
                        cert.seq(),
                        "snapshots",
                        cert.snapshots().size()));
        ctx.json(cert);
    }
}
