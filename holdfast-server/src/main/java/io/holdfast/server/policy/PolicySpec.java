package io.holdfast.server.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A policy: which assets go to which target, by which ordered stages. The body of {@code POST /api/v1/policies} and an
 * entry of {@code policy apply}'s file.
 *
 * @param name unique name
 * @param assets names (or ids) of the assets it protects
 * @param target name (or id) of the target backups go to
 * @param stages ordered stages; the first backup stage's interval is the RPO objective
 */
public record PolicySpec(String name, List<String> assets, String target, List<StageSpec> stages) {
    public PolicySpec {
        name = name == null ? "" : name;
        assets = assets == null ? List.of() : List.copyOf(assets);
        target = target == null ? "" : target;
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** Checks the fields (not whether the named assets and targets exist); throws {@link SpecException}. */
    public PolicySpec validated() {
        Names.check("name", name);
        if (assets.isEmpty()) {
            throw new SpecException("assets", "name at least one asset");
        }
        if (target.isBlank()) {
            throw new SpecException("target", "name the target backups go to");
        }
        if (stages.isEmpty()) {
            throw new SpecException("stages", "give at least one stage (e.g. {\"type\":\"backup\",\"every\":\"1h\"})");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            StageSpec s = stages.get(i);
            if (s == null) {
                throw new SpecException("stages[" + i + "]", "is empty");
            }
            s.validated("stages[" + i + "]");
            if (!names.add(s.stageName())) {
                throw new SpecException("stages[" + i + "].name", "'" + s.stageName() + "' is used twice");
            }
        }
        return this;
    }
}
