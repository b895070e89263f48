// Object operations on one bucket through an S3Client: ranged reads, single and multipart
// uploads, HEAD, and the streaming reader and writer that S3Store hands out.
//
// Multipart: an upload above config.multipart_threshold is sent as parts of config.part_size
// bytes (CreateMultipartUpload, UploadPart..., CompleteMultipartUpload); a failed upload is
// aborted so no parts linger. The streaming writer buffers until the threshold, then uploads
// parts as they fill; destroyed without Close() it aborts the upload and leaves nothing.
// Thread-safety: the functions are safe to call concurrently; a stream or file object is used
// by one thread at a time (RandomAccessFile::ReadAt may be called concurrently).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/object_store.h"
#include "io/s3/s3_client.h"

namespace strata::io::s3 {

/// GET bytes [offset, offset+length) of `key`; a range past the end is Corruption.
Result<std::shared_ptr<Buffer>> ReadRange(const S3Client& client, const std::string& key,
                                          int64_t offset, int64_t length);
/// HEAD `key`; `path` is what the returned ObjectInfo names.
Result<ObjectInfo> HeadObject(const S3Client& client, const std::string& key,
                              const std::string& path);
/// PUT `data` under `key`, as a multipart upload above the threshold. With `if_none_match` a
/// single PUT carries If-None-Match: * (a 412 becomes AlreadyExists).
Status PutObject(const S3Client& client, const std::string& key, std::string_view data,
                 bool if_none_match);
/// Upload `data` as a multipart upload regardless of its size (at least one part), with up to
/// config.upload_concurrency parts in flight.
Status PutMultipart(const S3Client& client, const std::string& key, std::string_view data);

/// A random-access reader over `key` of known `size`, reading with ranged GETs.
std::unique_ptr<RandomAccessFile> MakeS3File(std::shared_ptr<const S3Client> client,
                                             std::string key, std::string path, int64_t size);
/// A streaming writer for `key` (see the header comment).
std::unique_ptr<OutputStream> MakeS3OutputStream(std::shared_ptr<const S3Client> client,
                                                 std::string key);

/// Parse an HTTP date ("Tue, 24 Nov 2026 20:48:57 GMT") into micros since the epoch; 0 when
/// it does not parse.
int64_t ParseHttpDateMicros(const std::string& text);

}  // namespace strata::io::s3
