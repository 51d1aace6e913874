package io.holdfast.repository;

import java.io.IOException;

/** No repository exists at the given location. */
public class RepositoryNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public RepositoryNotFoundException(String location) {
        super("repository " + location + " does not exist (no config file); create it with 'holdfast init'");
    }
}
