/**
 * Object stores as a backup source and a restore target (docs/sources.md, "Object stores"): the objects below an
 * {@code s3:} bucket and prefix become the files of a snapshot under {@code /s3/BUCKET/...}, unchanged objects (same
 * ETag, size and last-modified time as in the parent snapshot) are not fetched again, and a snapshot's files can be
 * written back as objects. The S3 client, credentials and settings are those of the S3 repository backend.
 */
@NullMarked
package io.holdfast.client.objectstore;

import org.jspecify.annotations.NullMarked;
