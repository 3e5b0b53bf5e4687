//! Codec throughput: decoding a typical SMS-DELIVER (target <= 660 ns) and encoding.
//! `make bench` / `cargo bench -p simgate-pdu` prints the time per PDU.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use simgate_pdu::{SubmitOptions, decode, encode_submit, plan};

/// A typical incoming SMS, built by hand: SMSC +491710760000, first octet 04, sender
/// +4915112345678, PID 00, DCS 00 (GSM-7), SCTS 2026-11-22 14:01:00 +02:00, 62 characters:
/// "Hi, your parcel 4711 arrives tomorrow between 9 and 12. Thanks".
const TYPICAL_DELIVER: &str = "0791947101670000040D91945111325476F80000621122411000803EC8340B947FD7E52078583E2EB341B45B2C060ACBE5697B790EA2BFDB6FB9FC7D0789CBF47BB9EC06E5406137191493B9405474D8BD9E03";

fn bench(c: &mut Criterion) {
    let deliver = TYPICAL_DELIVER;
    assert!(decode(deliver, true).is_ok(), "bench PDU must decode");
    let mut g = c.benchmark_group("pdu");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decode_deliver", |b| {
        b.iter(|| decode(black_box(deliver), true))
    });
    let opts = SubmitOptions::default();
    g.bench_function("encode_submit_gsm7_1part", |b| {
        b.iter(|| {
            encode_submit(
                black_box("+4915112345678"),
                black_box("Your code is 482913. It expires in 5 minutes."),
                &opts,
            )
        })
    });
    let long: String = "Привет! ".repeat(50);
    g.bench_function("encode_submit_ucs2_400chars", |b| {
        b.iter(|| encode_submit(black_box("+4915112345678"), black_box(&long), &opts))
    });
    g.bench_function("plan_160", |b| b.iter(|| plan(black_box(&"a".repeat(160)))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
