import './instrument';
import 'reflect-metadata';
import { runMain } from '@advocacy/messaging';
import { createApp } from './app';

runMain(createApp);
