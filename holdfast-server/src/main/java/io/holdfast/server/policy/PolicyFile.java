package io.holdfast.server.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;

/**
 * The file {@code holdfast policy apply -f} reads, YAML or JSON: assets and policies, each exactly the body the REST API
 * takes. Targets are not in it: they carry passwords, and are added through the API.
 *
 * <pre>
 * assets:
 *   - name: datasets
 *     paths: [/data/datasets]
 * policies:
 *   - name: datasets-hourly
 *     assets: [datasets]
 *     target: nas
 *     stages:
 *       - {type: backup, every: 1h, retention: {keepLast: 24, keepDaily: 7}}
 * </pre>
 */
public record PolicyFile(List<AssetSpec> assets, List<PolicySpec> policies) {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PolicyFile {
        assets = assets == null ? List.of() : List.copyOf(assets);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** Parses and validates; a problem names the entry and field ({@code policies[1].stages[0].every: ...}). */
    public static PolicyFile parse(String text) {
        PolicyFile f;
        try {
            f = YAML.readValue(text, PolicyFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown field '" + e.getPropertyName() + "' at line "
                    + e.getLocation().getLineNr());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a policy file: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " at line " + e.getLocation().getLineNr()));
        }
        if (f == null) {
            throw new IllegalArgumentException("the policy file is empty");
        }
        for (int i = 0; i < f.assets().size(); i++) {
            try {
                f.assets().get(i).validated();
            } catch (SpecException e) {
                throw new SpecException("assets[" + i + "]." + e.field(), e.reason());
            }
        }
        for (int i = 0; i < f.policies().size(); i++) {
            try {
                f.policies().get(i).validated();
            } catch (SpecException e) {
                throw new SpecException("policies[" + i + "]." + e.field(), e.reason());
            }
        }
        return f;
    }
}
