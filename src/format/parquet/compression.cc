// Page codecs over the Debian libraries: libzstd, libsnappy, zlib, libbrotli and liblz4.
// Every Decompress writes into a caller buffer of exactly the size the page header announces and
// fails with Corruption when the stream is malformed or decodes to a different size.
#include "format/parquet/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cctype>
#include <climits>
#include <cstring>
#include <string>

namespace strata::format::parquet {
namespace {

Status SizeMismatch(std::string_view codec, size_t got, size_t want) {
  return Status::Corruption(std::string(codec) + " page decompressed to " + std::to_string(got) +
                            " bytes, header says " + std::to_string(want));
}

// ---- zstd ----
Status ZstdCompress(std::string_view in, std::string* out, int level) {
  size_t bound = ZSTD_compressBound(in.size());
  size_t at = out->size();
  out->resize(at + bound);
  size_t n = ZSTD_compress(out->data() + at, bound, in.data(), in.size(), level == 0 ? 1 : level);
  if (ZSTD_isError(n)) return Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
  out->resize(at + n);
  return Status::OK();
}

// One decompression context per thread, reused across pages (creating one costs allocations).
ZSTD_DCtx* ThreadDCtx() {
  struct Holder {
    ZSTD_DCtx* ctx = ZSTD_createDCtx();
    ~Holder() { ZSTD_freeDCtx(ctx); }
  };
  thread_local Holder holder;
  return holder.ctx;
}

Status ZstdDecompress(std::string_view in, uint8_t* out, size_t size) {
  // The common case, one frame that names its size: decompress in one call straight into `out`.
  if (ZSTD_DCtx* ctx = ThreadDCtx();
      ctx != nullptr && ZSTD_getFrameContentSize(in.data(), in.size()) == size &&
      ZSTD_findFrameCompressedSize(in.data(), in.size()) == in.size()) {
    size_t n = ZSTD_decompressDCtx(ctx, out, size, in.data(), in.size());
    if (ZSTD_isError(n)) return Status::Corruption(std::string("zstd page: ") + ZSTD_getErrorName(n));
    if (n != size) return SizeMismatch("zstd", n, size);
    return Status::OK();
  }
  // Streaming decompression: handles concatenated frames and frames without a content size.
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Status::ResourceExhausted("zstd: cannot create context");
  ZSTD_inBuffer ib{in.data(), in.size(), 0};
  ZSTD_outBuffer ob{out, size, 0};
  Status st;
  while (ib.pos < ib.size) {
    size_t before_in = ib.pos, before_out = ob.pos;
    size_t r = ZSTD_decompressStream(dctx, &ob, &ib);
    if (ZSTD_isError(r)) {
      st = Status::Corruption(std::string("zstd page: ") + ZSTD_getErrorName(r));
      break;
    }
    if (ib.pos == before_in && ob.pos == before_out) {
      st = Status::Corruption("zstd page decompresses to more than the header's size");
      break;
    }
  }
  ZSTD_freeDCtx(dctx);
  STRATA_RETURN_IF_ERROR(st);
  if (ob.pos != size) return SizeMismatch("zstd", ob.pos, size);
  return Status::OK();
}

// ---- snappy ----
Status SnappyCompress(std::string_view in, std::string* out) {
  std::string tmp;
  snappy::Compress(in.data(), in.size(), &tmp);
  out->append(tmp);
  return Status::OK();
}

Status SnappyDecompress(std::string_view in, uint8_t* out, size_t size) {
  size_t n = 0;
  if (!snappy::GetUncompressedLength(in.data(), in.size(), &n)) {
    return Status::Corruption("snappy page: bad length preamble");
  }
  if (n != size) return SizeMismatch("snappy", n, size);
  if (!snappy::RawUncompress(in.data(), in.size(), reinterpret_cast<char*>(out))) {
    return Status::Corruption("snappy page: malformed stream");
  }
  return Status::OK();
}

// ---- gzip / zlib ----
Status GzipCompress(std::string_view in, std::string* out, int level) {
  z_stream zs{};
  // 15 window bits + 16: gzip wrapper, as parquet-mr and Arrow write.
  if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("gzip: deflateInit2 failed");
  }
  size_t at = out->size();
  size_t bound = deflateBound(&zs, in.size()) + 32;
  out->resize(at + bound);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data() + at);
  zs.avail_out = static_cast<uInt>(bound);
  int r = deflate(&zs, Z_FINISH);
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (r != Z_STREAM_END) return Status::Internal("gzip: deflate did not finish");
  out->resize(at + written);
  return Status::OK();
}

Status GzipDecompress(std::string_view in, uint8_t* out, size_t size) {
  if (in.size() > UINT_MAX || size > UINT_MAX) {
    return Status::NotSupported("gzip pages larger than 4 GiB");
  }
  z_stream zs{};
  // 15 window bits + 32: detect gzip or zlib headers automatically.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("gzip: inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out;
  zs.avail_out = static_cast<uInt>(size);
  Status st;
  while (true) {
    int r = inflate(&zs, Z_FINISH);
    if (r == Z_STREAM_END) {
      // Concatenated gzip members: continue when input remains.
      if (zs.avail_in > 0 && zs.avail_out > 0 && inflateReset(&zs) == Z_OK) continue;
      break;
    }
    if (r == Z_BUF_ERROR && zs.avail_out == 0) {
      st = Status::Corruption("gzip page decompresses to more than the header's size");
    } else {
      st = Status::Corruption(std::string("gzip page: ") + (zs.msg ? zs.msg : "malformed stream"));
    }
    break;
  }
  size_t produced = size - zs.avail_out;
  inflateEnd(&zs);
  STRATA_RETURN_IF_ERROR(st);
  if (produced != size) return SizeMismatch("gzip", produced, size);
  return Status::OK();
}

// ---- brotli ----
Status BrotliCompress(std::string_view in, std::string* out, int level) {
  size_t bound = BrotliEncoderMaxCompressedSize(in.size());
  if (bound == 0) bound = in.size() + 1024;
  size_t at = out->size();
  out->resize(at + bound);
  size_t n = bound;
  if (!BrotliEncoderCompress(level == 0 ? 1 : level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                             in.size(), reinterpret_cast<const uint8_t*>(in.data()), &n,
                             reinterpret_cast<uint8_t*>(out->data() + at))) {
    return Status::Internal("brotli: compression failed");
  }
  out->resize(at + n);
  return Status::OK();
}

Status BrotliDecompress(std::string_view in, uint8_t* out, size_t size) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (s == nullptr) return Status::ResourceExhausted("brotli: cannot create decoder");
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  size_t avail_out = size;
  uint8_t* next_out = out;
  BrotliDecoderResult r = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out,
                                                         &next_out, nullptr);
  BrotliDecoderDestroyInstance(s);
  if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    return Status::Corruption("brotli page decompresses to more than the header's size");
  }
  if (r != BROTLI_DECODER_RESULT_SUCCESS) return Status::Corruption("brotli page: malformed stream");
  if (avail_out != 0) return SizeMismatch("brotli", size - avail_out, size);
  return Status::OK();
}

// ---- LZ4 ----
Status Lz4RawCompress(std::string_view in, std::string* out) {
  if (in.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
    return Status::NotSupported("lz4 blocks larger than LZ4_MAX_INPUT_SIZE");
  }
  int bound = LZ4_compressBound(static_cast<int>(in.size()));
  size_t at = out->size();
  out->resize(at + bound);
  int n = LZ4_compress_default(in.data(), out->data() + at, static_cast<int>(in.size()), bound);
  if (n <= 0) return Status::Internal("lz4: compression failed");
  out->resize(at + n);
  return Status::OK();
}

Status Lz4RawDecompress(std::string_view in, uint8_t* out, size_t size) {
  if (in.size() > INT_MAX || size > INT_MAX) return Status::NotSupported("lz4 pages over 2 GiB");
  int n = LZ4_decompress_safe(in.data(), reinterpret_cast<char*>(out), static_cast<int>(in.size()),
                              static_cast<int>(size));
  if (n < 0) return Status::Corruption("lz4 page: malformed block");
  if (static_cast<size_t>(n) != size) return SizeMismatch("lz4", n, size);
  return Status::OK();
}

uint32_t LoadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

void StoreBigEndian32(uint32_t v, std::string* out) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  out->append(b, 4);
}

// Hadoop framing: [u32 BE decompressed][u32 BE compressed][lz4 block], repeated.
Status Lz4HadoopCompress(std::string_view in, std::string* out) {
  StoreBigEndian32(static_cast<uint32_t>(in.size()), out);
  size_t len_at = out->size();
  StoreBigEndian32(0, out);
  size_t before = out->size();
  STRATA_RETURN_IF_ERROR(Lz4RawCompress(in, out));
  uint32_t n = static_cast<uint32_t>(out->size() - before);
  for (int i = 0; i < 4; ++i) (*out)[len_at + i] = static_cast<char>(n >> (24 - 8 * i));
  return Status::OK();
}

bool TryLz4Hadoop(std::string_view in, uint8_t* out, size_t size) {
  size_t produced = 0;
  while (in.size() >= 8) {
    uint32_t dlen = LoadBigEndian32(in.data());
    uint32_t clen = LoadBigEndian32(in.data() + 4);
    in.remove_prefix(8);
    if (clen > in.size() || dlen > size - produced) return false;
    int n = LZ4_decompress_safe(in.data(), reinterpret_cast<char*>(out + produced),
                                static_cast<int>(clen), static_cast<int>(dlen));
    if (n < 0 || static_cast<uint32_t>(n) != dlen) return false;
    produced += dlen;
    in.remove_prefix(clen);
  }
  return in.empty() && produced == size;
}

bool TryLz4Frame(std::string_view in, uint8_t* out, size_t size) {
  LZ4F_dctx* ctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) return false;
  size_t produced = 0;
  bool ok = true;
  while (!in.empty()) {
    size_t dst = size - produced, src = in.size();
    size_t r = LZ4F_decompress(ctx, out + produced, &dst, in.data(), &src, nullptr);
    if (LZ4F_isError(r) || (dst == 0 && src == 0)) {
      ok = false;
      break;
    }
    produced += dst;
    in.remove_prefix(src);
    if (r == 0 && !in.empty()) continue;
  }
  LZ4F_freeDecompressionContext(ctx);
  return ok && produced == size;
}

// Codec 5 ("LZ4") has been written three ways: Hadoop-framed (parquet-mr), raw blocks (old
// parquet-cpp) and LZ4 frames. Try them in that order, as Arrow does.
Status Lz4Decompress(std::string_view in, uint8_t* out, size_t size) {
  if (TryLz4Hadoop(in, out, size)) return Status::OK();
  if (TryLz4Frame(in, out, size)) return Status::OK();
  Status raw = Lz4RawDecompress(in, out, size);
  if (raw.ok()) return raw;
  return Status::Corruption("lz4 page is neither Hadoop-framed, an LZ4 frame nor a raw block");
}

}  // namespace

std::string_view CodecName(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed: return "uncompressed";
    case CompressionCodec::kSnappy: return "snappy";
    case CompressionCodec::kGzip: return "gzip";
    case CompressionCodec::kLzo: return "lzo";
    case CompressionCodec::kBrotli: return "brotli";
    case CompressionCodec::kLz4: return "lz4";
    case CompressionCodec::kZstd: return "zstd";
    case CompressionCodec::kLz4Raw: return "lz4_raw";
  }
  return "unknown";
}

Result<CompressionCodec> ParseCodec(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "none" || n == "uncompressed") return CompressionCodec::kUncompressed;
  if (n == "snappy") return CompressionCodec::kSnappy;
  if (n == "gzip" || n == "zlib") return CompressionCodec::kGzip;
  if (n == "brotli") return CompressionCodec::kBrotli;
  if (n == "lz4") return CompressionCodec::kLz4;
  if (n == "lz4_raw") return CompressionCodec::kLz4Raw;
  if (n == "zstd") return CompressionCodec::kZstd;
  return Status::InvalidArgument("unknown compression codec '" + std::string(name) +
                                 "' (expected zstd, snappy, gzip, brotli, lz4, lz4_raw or none)");
}

Status Compress(CompressionCodec codec, std::string_view input, std::string* out, int level) {
  switch (codec) {
    case CompressionCodec::kUncompressed: out->append(input); return Status::OK();
    case CompressionCodec::kSnappy: return SnappyCompress(input, out);
    case CompressionCodec::kGzip: return GzipCompress(input, out, level);
    case CompressionCodec::kBrotli: return BrotliCompress(input, out, level);
    case CompressionCodec::kLz4: return Lz4HadoopCompress(input, out);
    case CompressionCodec::kZstd: return ZstdCompress(input, out, level);
    case CompressionCodec::kLz4Raw: return Lz4RawCompress(input, out);
    case CompressionCodec::kLzo: break;
  }
  return Status::NotSupported("compression codec " + std::string(CodecName(codec)));
}

Status Decompress(CompressionCodec codec, std::string_view input, uint8_t* out,
                  size_t uncompressed_size) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (input.size() != uncompressed_size) {
        return SizeMismatch("uncompressed", input.size(), uncompressed_size);
      }
      if (!input.empty()) std::memcpy(out, input.data(), input.size());
      return Status::OK();
    case CompressionCodec::kSnappy: return SnappyDecompress(input, out, uncompressed_size);
    case CompressionCodec::kGzip: return GzipDecompress(input, out, uncompressed_size);
    case CompressionCodec::kBrotli: return BrotliDecompress(input, out, uncompressed_size);
    case CompressionCodec::kLz4: return Lz4Decompress(input, out, uncompressed_size);
    case CompressionCodec::kZstd: return ZstdDecompress(input, out, uncompressed_size);
    case CompressionCodec::kLz4Raw: return Lz4RawDecompress(input, out, uncompressed_size);
    case CompressionCodec::kLzo: break;
  }
  return Status::NotSupported("compression codec " + std::string(CodecName(codec)) +
                              " (codec id " + std::to_string(static_cast<int>(codec)) + ")");
}

}  // namespace strata::format::parquet
