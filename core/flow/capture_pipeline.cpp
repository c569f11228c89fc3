#include "flow/capture_pipeline.h"

namespace zeekscope::flow {

CapturePipeline::CapturePipeline(ConnRecordSink& conns, ProtocolRecordSink& protocols,
                                 CapturePipelineOptions options)
    : options_(std::move(options)),
      observer_(protocols, options_.protocol, options_.protocol_limits),
      table_(conns, options_.flow, options_.flow_limits),
      decoder_(table_, options_.reassembly),
      reader_(decoder_, options_.capture) {
  table_.set_observer(&observer_);
  table_.set_app_names(&decoder_.app_names());
}

void CapturePipeline::finish() {
  if (finished_) return;
  finished_ = true;
  reader_.finish();
  decoder_.finish();
  table_.finish();
  observer_.finish();
}

CapturePipelineStats CapturePipeline::stats() const {
  CapturePipelineStats s;
  s.capture = reader_.stats();
  s.decoder = decoder_.stats();
  s.reassembly = decoder_.reassembly();
  s.flows = table_.stats();
  s.protocols = observer_.stats();
  s.dns = observer_.dns_stats();
  return s;
}

}  // namespace zeekscope::flow
